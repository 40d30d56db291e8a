import type { BusinessDate } from '@flr/domain';

/** Norway's residents on 1 January 2001 (SSB): the generator's persons scale from it. */
export const NATIONAL_RESIDENTS_2001 = 4_503_436;

/** The register's figures on one date, counted by the generator from its own state. */
export interface CalibrationFigures {
  readonly date: BusinessDate;
  readonly residents: number;
  readonly lists: number;
  readonly listsWithoutGp: number;
  /** Residents with a link (a pending first link included). */
  readonly listedResidents: number;
  /** Listed residents per list with a GP, counting only lists with a GP (as HDIR does). */
  readonly averageListLength: number;
  readonly waiting: number;
  /** CHOICE and WAITLIST links registered in the date's calendar year (filled at the year's end). */
  voluntaryChanges: number | null;
  readonly residentsOnListsWithoutGp: number;
}

/** The dates the report compares, one per §6 year (Q4 / October, where HDIR's figures sit). */
export const CALIBRATION_DATES: readonly BusinessDate[] = [
  '2005-10-01',
  '2016-10-01',
  '2019-10-01',
  '2023-10-01',
];

type Metric = Exclude<keyof CalibrationFigures, 'date' | 'residents'>;

/** A DOMAIN.md §6 figure: a value, or a band (low–high), and where it comes from. */
interface Reference {
  readonly low: number;
  readonly high: number;
  readonly note: string;
}

const at = (value: number, note: string): Reference => ({ low: value, high: value, note });
const band = (low: number, high: number, note: string): Reference => ({ low, high, note });

/**
 * DOMAIN.md §6 for the report's years (national counts). Only figures §6 gives are here; voluntary
 * changes outside 2016 use its "5–6 % of listed people a year" [D], resolved against our listed count.
 */
const REFERENCES: Record<string, Partial<Record<Metric, Reference>>> = {
  '2005': {
    averageListLength: at(1200, 'peak ≈1,200 (2005)'),
  },
  '2016': {
    lists: at(4668 + 50, '4,668 with GP + ≈50 without'),
    averageListLength: at(1120, '1,120 (2016)'),
    voluntaryChanges: band(300_000, 365_000, '≈1,000 a day (2016)'),
    waiting: at(0, 'waiting lists from late Nov 2016'),
  },
  '2019': {
    lists: at(5010, '5,010 (2019 Q4)'),
    listsWithoutGp: at(126, '126 (2019)'),
    averageListLength: at(1084, '1,084 (2019 Q4)'),
    residentsOnListsWithoutGp: at(75_537, '75,537 (2019)'),
  },
  '2023': {
    lists: at(5578, '5,578 (Oct 2023)'),
    listsWithoutGp: at(332, '332 (Sep 2023)'),
    listedResidents: at(5_499_917, '5,499,917 (Sep 2023)'),
    averageListLength: at(1010, '1,010 (Oct 2023)'),
    waiting: at(343_859, '343,859 = 6.3 % (Sep 2023)'),
    residentsOnListsWithoutGp: at(220_462, '220,462 (Oct 2023)'),
  },
};

const METRICS: readonly [Metric, string, boolean][] = [
  ['lists', 'lists', true],
  ['listsWithoutGp', 'lists without a GP', true],
  ['listedResidents', 'listed residents', true],
  ['averageListLength', 'average list length (lists with a GP)', false],
  ['waiting', 'people on waiting lists', true],
  ['voluntaryChanges', 'voluntary changes in the year', true],
  ['residentsOnListsWithoutGp', 'residents on lists without a GP', true],
];

/** ±15 %: the tolerance the calibration is held to. */
export const CALIBRATION_TOLERANCE = 0.15;

export interface CalibrationRow {
  readonly year: string;
  readonly metric: string;
  /** The generated figure, scaled to the country for counts. */
  readonly generated: number;
  readonly reference: Reference | null;
  /** Deviation from the reference (from the nearest end of a band), as a fraction; null without one. */
  readonly deviation: number | null;
}

/**
 * The generated figures next to §6. Counts of a scaled run (`persons` below the country) are compared
 * per capita: multiplied by NATIONAL_RESIDENTS_2001 / persons; the average list length is compared as it is.
 */
export function calibrationRows(figures: readonly CalibrationFigures[], persons: number): CalibrationRow[] {
  const scale = NATIONAL_RESIDENTS_2001 / persons;
  const rows: CalibrationRow[] = [];
  for (const f of figures) {
    const year = f.date.slice(0, 4);
    for (const [metric, , isCount] of METRICS) {
      const value = f[metric];
      if (value === null) continue;
      const generated = isCount ? value * scale : value;
      let reference = REFERENCES[year]?.[metric] ?? null;
      if (!reference && metric === 'voluntaryChanges') {
        const listed = f.listedResidents * scale;
        reference = band(Math.round(0.05 * listed), Math.round(0.06 * listed), '5–6 % of listed [D]');
      }
      rows.push({
        year,
        metric,
        generated,
        reference,
        deviation: reference ? deviationOf(generated, reference) : null,
      });
    }
  }
  return rows;
}

function deviationOf(value: number, ref: Reference): number {
  if (value >= ref.low && value <= ref.high) return 0;
  const nearest = value < ref.low ? ref.low : ref.high;
  if (nearest === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (value - nearest) / nearest;
}

/** The report as a Markdown table, with a line naming every figure outside ±15 %. */
export function calibrationReport(figures: readonly CalibrationFigures[], persons: number): string {
  const rows = calibrationRows(figures, persons);
  const scaled = persons !== NATIONAL_RESIDENTS_2001;
  const lines = [
    `Calibration against DOMAIN.md §6${scaled ? ` (counts × ${(NATIONAL_RESIDENTS_2001 / persons).toFixed(3)}: per capita of ${NATIONAL_RESIDENTS_2001.toLocaleString('en')} residents in 2001)` : ''}`,
    '',
    '| year | figure | generated | §6 | deviation |',
    '|---|---|---:|---|---:|',
  ];
  const label = new Map(METRICS.map(([m, l]) => [m as string, l]));
  for (const r of rows) {
    const ref = r.reference
      ? `${r.reference.low === r.reference.high ? fmt(r.reference.low) : `${fmt(r.reference.low)}–${fmt(r.reference.high)}`} (${r.reference.note})`
      : '—';
    const dev =
      r.deviation === null ? '—' : `${r.deviation >= 0 ? '+' : ''}${(100 * r.deviation).toFixed(1)} %`;
    lines.push(`| ${r.year} | ${label.get(r.metric)} | ${fmt(r.generated)} | ${ref} | ${dev} |`);
  }
  const outside = rows.filter((r) => r.deviation !== null && Math.abs(r.deviation) > CALIBRATION_TOLERANCE);
  lines.push('');
  lines.push(
    outside.length === 0
      ? 'Every figure §6 gives is within ±15 %.'
      : `Outside ±15 %: ${outside.map((r) => `${r.year} ${label.get(r.metric)}`).join('; ')}.`,
  );
  return lines.join('\n');
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}
