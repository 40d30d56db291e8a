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
 * (an old number stops on the effective date, a new one starts), then the national code history.
 */
export function municipalityInForceOn(
  number: string,
  date: BusinessDate,
  recorded: readonly RecordedRenumbering[] = [],
): boolean {
  if (recorded.some((r) => r.oldNumber === number && r.effectiveFrom <= date)) return false;
  if (recorded.some((r) => r.newNumber === number && r.effectiveFrom <= date)) return true;
  return municipalityCodes.isValidOn(number, date);
}

/**
 * §1.8: persons and contracts are only placed in a number in force on the command's date (0219 Bærum
 * is no number today; 4601 Bergen is none in 2005). Refused with 409 MUNICIPALITY_NOT_IN_FORCE,
 * naming the field and, when the national history knows it, the number in force on that date.
 */
export function assertMunicipalityInForce(
  number: string,
  date: BusinessDate,
  field: string,
  recorded: readonly RecordedRenumbering[] = [],
): void {
  if (municipalityInForceOn(number, date, recorded)) return;
  const successors = municipalityCodes.canonicalOn(number, date);
  const hint = successors.length > 0 ? `; on that date it is ${successors.join(' or ')}` : '';
  refuse(
    'MUNICIPALITY_NOT_IN_FORCE',
    '§1.8',
    `${field} ${number} is not a kommunenummer in force on ${date}${hint}`,
    { field, municipality: number, date, inForce: successors },
  );
}
