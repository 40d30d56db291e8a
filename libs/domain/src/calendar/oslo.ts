import { Temporal } from 'temporal-polyfill';
import type { BusinessDate, Instant } from '../events';

export const BUSINESS_TIME_ZONE = 'Europe/Oslo';

/**
 * The Europe/Oslo calendar date of an instant (DST-correct). Strings must be ISO-8601 instants with
 * an offset or `Z`; a local date-time without offset is ambiguous and is refused.
 */
export function osloDateOf(instant: Instant | Date): BusinessDate {
  let parsed: Temporal.Instant;
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError('osloDateOf: invalid Date');
    parsed = Temporal.Instant.fromEpochMilliseconds(ms);
  } else if (typeof instant === 'string') {
    parsed = Temporal.Instant.from(instant);
  } else {
    throw new RangeError('osloDateOf: expected an ISO instant string or a Date');
  }
  return parsed.toZonedDateTimeISO(BUSINESS_TIME_ZONE).toPlainDate().toString();
}
