import type { BusinessDate } from '../events';
import { refuse } from '../shared/refusals';
import { municipalityCodes } from './municipality-codes';

/** A renumbering recorded in the register's own log (a real reform, or one given with an override reason). */
export interface RecordedRenumbering {
  readonly oldNumber: string;
  readonly newNumber: string;
  readonly effectiveFrom: BusinessDate;
}

/**
 * §1.8: is `number` a kommunenummer in force on `date`? The register's own renumberings decide first
 * (an old number stops on the effective date, a new one starts, until a national reform ends it), then
 * the national code history.
 */
export function municipalityInForceOn(
  number: string,
  date: BusinessDate,
  recorded: readonly RecordedRenumbering[] = [],
): boolean {
  if (recorded.some((r) => r.oldNumber === number && r.effectiveFrom <= date)) return false;
  // A new number holds from its date until a reform of the national history ends it in turn (0219 →
  // 3024 recorded for 2020 does not keep 3024 alive after 2024, when it became 3201), unless the log
  // renumbered it first (above).
  if (recorded.some((r) => r.newNumber === number && r.effectiveFrom <= date))
    return !municipalityCodes.successorsOf(number).some((change) => change.date <= date);
  return municipalityCodes.isValidOn(number, date);
}

/**
 * §1.8: persons and contracts are only placed in a number in force on the command's date (0219 Bærum
 * is no number today; 4601 Bergen is none in 2005). A fact with a date of its own (a contract's
 * validFrom, a move's movedOn) may use the number of either day: the first date is the command's.
 * Refused with 409 MUNICIPALITY_NOT_IN_FORCE, naming the field and, when the national history knows
 * it, the number in force on the command's date.
 */
export function assertMunicipalityInForce(
  number: string,
  dates: BusinessDate | readonly BusinessDate[],
  field: string,
  recorded: readonly RecordedRenumbering[] = [],
): void {
  const days = [...new Set(typeof dates === 'string' ? [dates] : dates)];
  if (days.some((date) => municipalityInForceOn(number, date, recorded))) return;
  const successors = municipalityCodes.canonicalOn(number, days[0]);
  const hint = successors.length > 0 ? `; on ${days[0]} it is ${successors.join(' or ')}` : '';
  refuse(
    'MUNICIPALITY_NOT_IN_FORCE',
    '§1.8',
    `${field} ${number} is not a kommunenummer in force on ${days.join(' nor on ')}${hint}`,
    { field, municipality: number, dates: days, inForce: successors },
  );
}
