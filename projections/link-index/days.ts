/** Business dates as day numbers (days since 1970-01-01) in the compact models. */
export const OPEN_END_DAY = 0x7fffffff;

const FIRST_CACHED = -25567; // 1900-01-01
const LAST_CACHED = 84005; // 2199-12-31
let cache: string[] | undefined;

/** The `YYYY-MM-DD` of a day number; cached for 1900-2199 so answers allocate no date strings. */
export function dayText(day: number): string {
  if (day >= FIRST_CACHED && day <= LAST_CACHED) {
    cache ??= buildCache();
    return cache[day - FIRST_CACHED]!;
  }
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function buildCache(): string[] {
  const out: string[] = [];
  for (let day = FIRST_CACHED; day <= LAST_CACHED; day++)
    out.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date, by arithmetic on the digits (the civil-calendar
 * day count): no Date object, since rebuilds and batch questions convert millions of dates.
 */
export function dayNumber(date: string): number {
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
