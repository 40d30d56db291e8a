import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import {
  assertActsForThemselves,
  assertEntitled,
  assertListActive,
  assertNotBarred,
  effectiveDate,
} from '../guards';
import { linkOn } from '../queries';
import type { PersonState } from '../state';
import type { JoinWaitingList, JoinWaitingListFacts } from './join-waiting-list.command';

/** R21–R24: one waiting list per person, from the launch day; joining another replaces the entry. */
export function joinWaitingList(
  command: JoinWaitingList,
  state: PersonState,
  facts: JoinWaitingListFacts,
): PersonEvent[] {
  const { rules, today } = facts;
  const personId = state.personId;
  assertEntitled(state);
  // R24: waiting lists exist only from their launch day.
  if (today < rules.waitingListFrom) {
    refuse('FEATURE_NOT_AVAILABLE', 'R24', `Waiting lists exist from ${rules.waitingListFrom}`);
  }
  assertActsForThemselves(state, today, facts.requester);
  const target = assertListActive(facts.target, today);
  assertNotBarred(state, target);
  if (state.waiting?.contractId === command.contractId) {
    refuse('ALREADY_ON_WAITING_LIST', 'R21', 'The person is already waiting for this list');
  }
  const from = effectiveDate(today, rules);
  const listed = [linkOn(state, today), linkOn(state, from)].some(
    (l) => l?.contractId === command.contractId,
  );
  if (listed) refuse('ALREADY_ON_LIST', 'R21', 'The person is already on this list');
  const events: PersonEvent[] = [];
  // R21/R26: one waiting list per person; joining another replaces the entry.
  if (state.waiting) {
    events.push({
      type: 'WaitingListLeft',
      data: { personId, contractId: state.waiting.contractId, reason: 'REPLACED', on: today },
    });
  }
  events.push({
    type: 'WaitingListJoined',
    data: {
      personId,
      contractId: command.contractId,
      joinedAt: facts.registeredAt,
      requestedBy: facts.requester?.personId ?? null,
    },
  });
  return events;
}
