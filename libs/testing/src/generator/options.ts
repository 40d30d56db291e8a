import type { BusinessDate } from '@flr/domain';

/** Yearly rates of the synthetic Norway (DOMAIN.md §6 sizing recipe; [U] where the source is unsure). */
export interface GeneratorRates {
  /** Voluntary GP changes per listed person per year (§6: about 5–6 %). */
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
  /** Share of residents who opted out in 2001 (R4: under 1 %). */
  readonly optOut2001: number;
  /** Share of immigrants who are asylum seekers with a D-number (R2) [U]. */
  readonly asylumSeekers: number;
  /** Share of lists without a GP at the start (§3.10: about 350 of 3,900). */
  readonly vacantAtStart: number;
}

export interface GenerateHistoryOptions {
  /** Residents on the start date. */
  readonly persons: number;
  readonly seed: number | string;
  /** First business day: the initial distribution (default 2001-06-01, §3.10). */
  readonly from?: BusinessDate;
  /** Exclusive end of simulated registration days (default 2025-01-01). Effective dates may lie after it. */
  readonly to?: BusinessDate;
  /** Lists per 1,000 persons at the start (default 1). */
  readonly contractsPerThousand?: number;
  readonly rates?: Partial<GeneratorRates>;
  /** `metadata.actor` on every event (default 'synthetic-generator'). */
  readonly actor?: string;
}

export const DEFAULT_RATES: GeneratorRates = {
  voluntaryChanges: 0.05,
  births: 0.0115,
  deaths: 0.0085,
  immigration: 0.011,
  emigration: 0.006,
  moves: 0.05,
  changeOnMove: 0.35,
  gpTurnover: 0.06,
  substitutes: 0.25,
  ceilingChanges: 0.05,
  optOut2001: 0.005,
  asylumSeekers: 0.1,
  vacantAtStart: 0.05,
};

export const DEFAULT_FROM = '2001-06-01';
export const DEFAULT_TO = '2025-01-01';
