import type { BusinessDate } from '../events';

/**
 * Business dates are plain `YYYY-MM-DD` strings (Europe/Oslo). Plain-string arithmetic through a
 * day number keeps the hot paths (projections, the synthetic generator) free of allocations;
 * Temporal is only used where a time zone is involved (see oslo.ts).
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month; accepts a business date or a (year, month 1–12) pair. */
export function daysInMonth(dateOrYear: BusinessDate | number, month?: number): number {
  const [y, m] = typeof dateOrYear === 'string' ? ymdOf(dateOrYear) : [dateOrYear, month ?? Number.NaN];
  if (!Number.isInteger(y) || !Number.isInteger(m) || m < 1 || m > 12) {
    throw new RangeError('daysInMonth: invalid year/month');
  }
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/** True for a real calendar date written strictly as `YYYY-MM-DD` (year 0001–9999). */
export function isValidBusinessDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]);
}

/** Splits a business date into numbers; throws on anything that is not a real date. */
export function ymdOf(date: BusinessDate): [number, number, number] {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new RangeError(`Not a business date (YYYY-MM-DD): ${String(date)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isRealDate(y, mo, d)) throw new RangeError(`Not a real calendar date: ${date}`);
  return [y, mo, d];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDate(year: number, month: number, day: number): BusinessDate {
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days algorithm, integer only). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dateOfDayNumber(days: number): BusinessDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return formatDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

/** Day number (days since 1970-01-01) of a business date. */
export function toDayNumber(date: BusinessDate): number {
  const [y, m, d] = ymdOf(date);
  return dayNumberOf(y, m, d);
}
