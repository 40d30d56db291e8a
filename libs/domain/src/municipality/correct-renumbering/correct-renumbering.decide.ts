import type { MunicipalityRenumberingAnnulled } from '../../events';
import { refuse } from '../../shared/refusals';
import type { MunicipalityState } from '../municipality.state';
import type { CorrectRenumbering, CorrectRenumberingFacts } from './correct-renumbering.command';

/**
 * §1.8 / issue 11: annuls the municipality's recorded renumbering. Valid time: the number never changed;
 * record time: what was believed before stays answerable with `asOf`. A renumbering that a later one
 * builds on (the new number renumbered again) is corrected from the end of the chain first.
 */
export function correctRenumbering(
  command: CorrectRenumbering,
  state: MunicipalityState,
  facts: CorrectRenumberingFacts,
): MunicipalityRenumberingAnnulled[] {
  const wrong = state.renumbered;
  if (!wrong)
    refuse(
      'NOTHING_TO_CORRECT',
      '§1.8',
      `No renumbering of ${command.number} is recorded that is not already corrected`,
    );
  if (facts.newNumberRenumberedSince)
    refuse(
      'RENUMBERING_HAS_SUCCESSOR',
      '§1.8',
      `${wrong.newNumber} was renumbered again after ${command.number} → ${wrong.newNumber}; correct that renumbering first`,
    );
  return [
    {
      type: 'MunicipalityRenumberingAnnulled',
      data: {
        oldNumber: command.number,
        newNumber: wrong.newNumber,
        effectiveFrom: wrong.effectiveFrom,
        correctionId: command.correctionId,
        reason: command.reason,
      },
    },
  ];
}
