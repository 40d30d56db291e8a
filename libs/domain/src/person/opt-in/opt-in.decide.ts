import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertActsForThemselves, assertResident } from '../guards';
import type { PersonState } from '../state';
import type { OptIn, OptInFacts } from './opt-in.command';

/** R42: back into the scheme. */
export function optIn(_command: OptIn, state: PersonState, facts: OptInFacts): PersonEvent[] {
  assertResident(state);
  if (facts.requester) assertActsForThemselves(state, facts.today, facts.requester);
  if (!state.optedOut) refuse('NOT_OPTED_OUT', 'R42', 'The person has not opted out');
  return [{ type: 'PersonOptedIn', data: { personId: state.personId, on: facts.today } }];
}
