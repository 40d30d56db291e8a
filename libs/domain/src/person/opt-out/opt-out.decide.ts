import { firstOfNextMonth } from '../../calendar';
import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertActsForThemselves, assertResident } from '../guards';
import { leaveScheme } from '../leave-scheme';
import type { PersonState } from '../state';
import type { OptOut, OptOutFacts } from './opt-out.command';

/** R4/R42: leaving the scheme ends the link the 1st of the next month, like any change (S10). */
export function optOut(_command: OptOut, state: PersonState, facts: OptOutFacts): PersonEvent[] {
  assertResident(state);
  // R4/R11/R12: someone else may act only as a parent at the child's address, for a child under 16.
  if (facts.requester) assertActsForThemselves(state, facts.today, facts.requester);
  if (state.optedOut) refuse('ALREADY_OPTED_OUT', 'R4', 'The person has already opted out');
  const today = facts.today;
  return [
    { type: 'PersonOptedOut', data: { personId: state.personId, on: today } },
    ...leaveScheme(state, firstOfNextMonth(today), 'OPT_OUT', 'OPT_OUT', today),
  ];
}
