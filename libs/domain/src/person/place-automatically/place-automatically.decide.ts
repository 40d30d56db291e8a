import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertEntitled, assertListActive, assertNotAlreadyOn, assertNotBarred } from '../guards';
import { NOT_COUNTED, relist } from '../relist';
import { linkOn } from '../queries';
import type { PersonState } from '../state';
import type { PlaceAutomatically, PlaceAutomaticallyFacts } from './place-automatically.command';

/** R7: a placement by the register; it never counts as a change (R16). */
export function placeAutomatically(
  command: PlaceAutomatically,
  state: PersonState,
  facts: PlaceAutomaticallyFacts,
): PersonEvent[] {
  assertEntitled(state);
  // §1.2: FLO cannot auto-assign D-number holders; they are placed by hand.
  if (state.ninKind === 'DNR') refuse('NOT_ENTITLED', 'R7', 'D-number holders are placed manually');
  const from = command.effectiveFrom;
  const target = assertListActive(facts.target, from);
  assertNotBarred(state, target); // R32: never placed back on the list (or GP) one was removed from
  assertNotAlreadyOn(state, target.contractId, from);
  if (linkOn(state, from)) refuse('ALREADY_ON_LIST', 'R7', 'The person already has a GP');
  return relist(state, {
    personId: state.personId,
    associationId: command.associationId,
    contractId: target.contractId,
    from,
    beginReason: command.reason,
    endReason: 'CHANGED',
    counting: NOT_COUNTED,
    requestedBy: null,
    overrideReason: null,
    today: facts.today,
  });
}
