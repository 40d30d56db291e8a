import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered, effectiveDate } from '../guards';
import type { PersonState } from '../state';
import type { RecordMove, RecordMoveFacts } from './record-move.command';

/** R40: a move never changes the GP; it records the new address and, between municipalities, the offer. */
export function recordMove(command: RecordMove, state: PersonState, facts: RecordMoveFacts): PersonEvent[] {
  assertRegistered(state);
  if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The person is registered as dead');
  const { from: fromMunicipality, to: municipality } = facts.municipalityCodes;
  const events: PersonEvent[] = [
    {
      type: 'PersonMoved',
      data: {
        personId: state.personId,
        fromMunicipality,
        municipality,
        householdId: command.householdId,
        movedOn: command.movedOn,
      },
    },
  ];
  // R40/S43: the letter offering the lists with a free place in the new municipality.
  if (fromMunicipality !== municipality) {
    events.push({
      type: 'LetterSent',
      data: {
        personId: state.personId,
        kind: 'MOVE_OFFER',
        on: facts.today,
        contractIds: [...facts.listsWithPlaces],
        effectiveFrom: effectiveDate(facts.today, facts.rules),
      },
    });
  }
  return events;
}
