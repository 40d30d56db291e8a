import type { BusinessDate } from '../events';
import { dateOfDayNumber, daysInMonth, formatDate, toDayNumber, ymdOf } from './business-date';

export function addDays(date: BusinessDate, days: number): BusinessDate {
  assertInteger(days, 'days');
  return dateOfDayNumber(toDayNumber(date) + days);
}

/** Calendar months; the day is clamped to the target month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  assertInteger(months, 'months');
  const [y, m, d] = ymdOf(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Calendar years; 29 Feb + 1 year = 28 Feb. */
export function addYears(date: BusinessDate, years: number): BusinessDate {
  assertInteger(years, 'years');
  return addMonths(date, years * 12);
}

export function firstOfMonth(date: BusinessDate): BusinessDate {
  const [y, m] = ymdOf(date);
  return formatDate(y, m, 1);
}

/** Changes take effect on the 1st of the next month (§3.3); 31 Dec -> 1 Jan of the next year. */
export function firstOfNextMonth(date: BusinessDate): BusinessDate {
  const [y, m] = ymdOf(date);
  return m === 12 ? formatDate(y + 1, 1, 1) : formatDate(y, m + 1, 1);
}

export function yearOf(date: BusinessDate): number {
  return ymdOf(date)[0];
}

/** -1, 0 or 1; valid business dates compare correctly as strings, but both are checked first. */
export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  ymdOf(a);
  ymdOf(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Signed number of days from `from` to `to`. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Whole calendar months from `from` to `to` (largest m with addMonths-by-day-of-month <= to, without clamping);
 * negative when `to` is earlier.
 */
export function monthsBetween(from: BusinessDate, to: BusinessDate): number {
  if (to < from) return -monthsBetween(to, from);
  const [y1, m1, d1] = ymdOf(from);
  const [y2, m2, d2] = ymdOf(to);
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/**
 * Age in whole years on `date`. Someone born 29 Feb has their birthday on 1 Mar in common years
 * (they are not a year older until the day after 28 Feb); [U] — a choice, documented in the tests.
 */
export function ageOn(birthDate: BusinessDate, date: BusinessDate): number {
  const [by, bm, bd] = ymdOf(birthDate);
  const [y, m, d] = ymdOf(date);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

function assertInteger(n: number, name: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be an integer`);
}
