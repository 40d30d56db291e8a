import { InvalidInput } from '../../errors';
import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered, effectiveDate } from '../guards';
import type { PersonState } from '../state';
import type { RecordMove, RecordMoveFacts } from './record-move.command';

/** R40: a move never changes the GP; it records the new address and, between municipalities, the offer. */
export function recordMove(command: RecordMove, state: PersonState, facts: RecordMoveFacts): PersonEvent[] {
  assertRegistered(state);
  if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The person is registered as dead');
  // A move is dated on or after the last recorded move: one dated before it would leave two residences
  // at once and lose the later one. A wrongly recorded move is corrected, not outdated. (A move dated
  // before the registration itself stays allowed: notices of moves may reach the register late.)
  const since = state.residences.length > 1 ? state.residences.at(-1)?.from : undefined;
  if (since !== undefined && command.movedOn < since)
    throw new InvalidInput('INVALID_INPUT', [
      {
        field: 'movedOn',
        message: `movedOn must not be before ${since}, the date of the last recorded move; correct a wrongly recorded move instead`,
      },
    ]);
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
