import { dayNumber } from '../shared/dates';

/** Business dates as day numbers (days since 1970-01-01) in the compact models. */
export const OPEN_END_DAY = 0x7fffffff;

const FIRST_CACHED = dayNumber('1900-01-01');
const LAST_CACHED = dayNumber('2199-12-31');
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

export { dayNumber };
