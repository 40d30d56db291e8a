import type { BusinessDate } from '@flr/domain';

/** Yearly rates of the synthetic Norway (DOMAIN.md §6 sizing recipe; [U] where the source is unsure). */
export interface GeneratorRates {
  /**
   * Voluntary GP changes per listed person per year before the waiting lists, the changes on a move
   * and away from a list without a GP coming on top [D: fitted to §6's ≈1,000 a day in 2016 and 5–6 %
   * of listed people a year].
   */
  readonly voluntaryChanges: number;
  readonly births: number;
  /** Crude death rate; the victims are drawn by age (older people die more). */
  readonly deaths: number;
  readonly immigration: number;
  readonly emigration: number;
  /** Moves between municipalities (§6: about 5 %) [U]. */
  readonly moves: number;
  /** Share of movers who also change GP to one in the new municipality (R16: does not count). */
  readonly changeOnMove: number;
  /** GPs leaving their list per year (median tenure 10–15 years [U]). */
  readonly gpTurnover: number;
  /** Share of lists that get a vikar (LPVI) for a named GP in a year (§6: about 25–28 % a month) [U]. */
  readonly substitutes: number;
  /** Share of lists whose ceiling changes in a year [U]. */
  readonly ceilingChanges: number;
  /**
   * Share of lists Helfo locks by hand in a year (R14: it takes nobody new, not even from its waiting
   * list) for 1–6 months before opening it again [U: 2 %, e.g. a GP on long leave].
   */
  readonly listLocks: number;
  /**
   * List reductions (R29–R31) the municipalities order per list and year, each moving N = 50–400
   * patients drawn by household to another list of the municipality with room, or to a new list while
   * more lists are due (§6: "a few hundred a year with N = 50–400" [U]). Fewer are carried out where
   * a municipality has few lists and none with room: 3.7 % of lists a year in a 300,000-person run
   * (≈240 a year scaled to the nation), of the 8 % ordered (320–450 a year on 4,000–5,600 lists).
   */
  readonly listReductions: number;
  /**
   * Contracts that end (R34b `CancelGPContractAndMovePatients`) per list and year, every patient moved
   * to another list of the municipality (CONTRACT_END_MOVE) [U: 1 %, e.g. a practice closed or merged;
   * a new list is created when no list there has room, so the number of lists keeps its course]. Lists
   * with a vikar or a GP still to start are left alone: 0.7 % a year end in a 300,000-person run.
   */
  readonly contractEnds: number;
  /** Share of residents who opted out in 2001 (R4: under 1 %). */
  readonly optOut2001: number;
  /** Share of immigrants who are asylum seekers with a D-number (R2) [U]. */
  readonly asylumSeekers: number;
  /** Share of lists without a GP at the start (§3.10: about 350 of 3,900). */
  readonly vacantAtStart: number;
  /**
   * Waiting-list joins per resident and year from the launch [D: §6's first three months, 45,000
   * joined, is ≈3.5 % of residents a year; fitted with `waitingListExits` to 343,859 waiting (6.3 %)
   * in Sep 2023].
   */
  readonly waitingListJoins: number;
  /**
   * Share of the people waiting who take their name off the list in a year (R21, reason LEFT) [D: in
   * §6's first three months 45,000 joined, 11,000 were promoted and 30,000 still waited, so ≈4,000
   * left otherwise, several % of those waiting a month; 40 % a year is the lower, steadier end].
   */
  readonly waitingListExits: number;
  /**
   * Monthly share of the patients of a list without a GP who change to another list in its first 6
   * months (R16's extra change), and after that [U].
   */
  readonly leaveVacantList: number;
  readonly leaveLongVacantList: number;
}

export interface GenerateHistoryOptions {
  /** Residents on the start date. */
  readonly persons: number;
  readonly seed: number | string;
  /** First business day: the initial distribution (default 2001-06-01, §3.10). */
  readonly from?: BusinessDate;
  /** Exclusive end of simulated registration days (default 2025-01-01). Effective dates may lie after it. */
  readonly to?: BusinessDate;
  /** Lists per 1,000 persons at the start (default 0.866: §3.10's ≈3,900 lists for 4.5 M residents). */
  readonly contractsPerThousand?: number;
  readonly rates?: Partial<GeneratorRates>;
  /** `metadata.actor` on every event (default 'synthetic-generator'). */
  readonly actor?: string;
}

export const DEFAULT_RATES: GeneratorRates = {
  voluntaryChanges: 0.043,
  births: 0.0115,
  deaths: 0.0085,
  immigration: 0.011,
  emigration: 0.006,
  moves: 0.05,
  changeOnMove: 0.35,
  gpTurnover: 0.06,
  substitutes: 0.25,
  ceilingChanges: 0.05,
  listLocks: 0.02,
  listReductions: 0.08,
  contractEnds: 0.01,
  optOut2001: 0.005,
  asylumSeekers: 0.1,
  vacantAtStart: 0.05,
  leaveVacantList: 0.03,
  leaveLongVacantList: 0.01,
  waitingListJoins: 0.04,
  waitingListExits: 0.4,
};

export const DEFAULT_CONTRACTS_PER_THOUSAND = 0.866;

/**
 * Immigration per resident and year by period [U, shaped after SSB: ≈0.8 % to 2005, ≈1.45 % in the
 * 2006–2016 boom, ≈1 % to 2021, ≈1.4 % from 2022]; `rates.immigration` scales it (1.1 % = as shaped).
 */
export function immigrationIn(year: number, rate: number): number {
  const shape = year <= 2005 ? 0.008 : year <= 2016 ? 0.0145 : year <= 2021 ? 0.01 : 0.014;
  return (shape * rate) / DEFAULT_RATES.immigration;
}

/**
 * National average residents per list (ubesatte included) the list count follows each 1 January [D from
 * §6: ≈1,160 in 2001, the ≈1,200 peak of 2005, then 1,094 (2016), 1,054 (2019), 986 (2023)].
 */
const LIST_LENGTH: readonly [number, number][] = [
  [2001, 1160],
  [2005, 1200],
  [2016, 1094],
  [2019, 1054],
  [2023, 986],
  [2026, 975],
];

export function listLengthIn(year: number): number {
  return interpolate(LIST_LENGTH, year);
}

/**
 * When a GP leaves: the share of lists left without a GP (the rest get a successor at once), and the
 * mean months until a new GP comes (drawn from an exponential, see `leaveVacant`), by year [D: fitted
 * at 6 % GP turnover to §6's lists without a GP: ≈50 before 2016, 100 (2018), 126 (2019), 181 (2020),
 * 221 (2021), 310 (2022), 332 (2023), 277 (May 2024), with 113–143 of them vacant for over a year, and
 * to the residents on them (600 a list in 2019, 664 in 2023). Before 2020 fewer GPs leave a list
 * unfilled, but those lists stay so longer (older vacancies, from which more patients have left);
 * 2020–2023 brings a wave of new vacancies].
 */
const VACANT_SHARE: readonly [number, number][] = [
  [2001, 0.35],
  [2015, 0.35],
  [2016, 0.33],
  [2019, 0.33],
  [2020, 0.65],
  [2022, 0.88],
  [2023, 0.88],
  [2024, 0.65],
];
const VACANCY_MONTHS: readonly [number, number][] = [
  [2001, 4],
  [2015, 4],
  [2016, 18],
  [2019, 12],
  [2020, 12],
  [2022, 15],
  [2024, 10],
];

export function vacantShareIn(year: number): number {
  return interpolate(VACANT_SHARE, year);
}

export function vacancyMonthsIn(year: number): number {
  return interpolate(VACANCY_MONTHS, year);
}

function interpolate(points: readonly [number, number][], x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i];
    if (x <= x1) {
      const [x0, y0] = points[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return points[points.length - 1][1];
}

export const DEFAULT_FROM = '2001-06-01';
export const DEFAULT_TO = '2025-01-01';
