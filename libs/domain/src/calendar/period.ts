import type { BusinessDate } from '../events';

/** Half-open business period `[from, to)`; `to` null means open-ended. */
export interface Period {
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
}

export function periodContains(period: Period, date: BusinessDate): boolean {
  return period.from <= date && (period.to === null || date < period.to);
}

/** Half-open periods that merely touch (`a.to === b.from`) do not overlap. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return (b.to === null || a.from < b.to) && (a.to === null || b.from < a.to);
}

/** An empty period (`to <= from`) contains no day. */
export function isEmptyPeriod(period: Period): boolean {
  return period.to !== null && period.to <= period.from;
}
