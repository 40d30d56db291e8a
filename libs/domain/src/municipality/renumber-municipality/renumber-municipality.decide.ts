import { InvalidInput } from '../../errors';
import type { MunicipalityRenumbered } from '../../events';
import { municipalityCodes } from '../../municipalities/municipality-codes';
import { refuse } from '../../shared/refusals';
import type { MunicipalityState } from '../municipality.state';
import type { RenumberMunicipality } from './renumber-municipality.command';

/**
 * §1.8: a renumbering is a code change with no undo, so it must be a real reform from the national code
 * history (the number pair and the date), or carry an explicit override reason, recorded in the event.
 */
export function renumberMunicipality(
  command: RenumberMunicipality,
  state: MunicipalityState,
): MunicipalityRenumbered[] {
  const { oldNumber, newNumber, effectiveFrom, overrideReason } = command;
  if (newNumber === oldNumber) {
    throw new InvalidInput('INVALID_INPUT', [
      { field: 'newNumber', message: 'newNumber must differ from the old number' },
    ]);
  }
  if (state.renumbered)
    refuse('ALREADY_RENUMBERED', '§1.8', 'This municipality number was already renumbered');
  const reform = municipalityCodes
    .successorsOf(oldNumber)
    .find((c) => c.newNumber === newNumber && c.date === effectiveFrom);
  if (!reform && !overrideReason) {
    const known = municipalityCodes
      .successorsOf(oldNumber)
      .map((c) => `${c.newNumber} from ${c.date}`)
      .join(', ');
    refuse(
      'RENUMBERING_NOT_A_KNOWN_REFORM',
      '§1.8',
      `${oldNumber} → ${newNumber} from ${effectiveFrom} is no reform in the national code history` +
        (known ? ` (known: ${known})` : ` (${oldNumber} has no successor there)`) +
        '; give overrideReason to record it anyway',
      { oldNumber, newNumber, effectiveFrom },
    );
  }
  const data = overrideReason
    ? { oldNumber, newNumber, effectiveFrom, overrideReason }
    : { oldNumber, newNumber, effectiveFrom };
  return [{ type: 'MunicipalityRenumbered', data }];
}
