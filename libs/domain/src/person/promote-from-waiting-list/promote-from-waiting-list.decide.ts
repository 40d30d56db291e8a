import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import {
  assertEntitled,
  assertListActive,
  assertNotAlreadyOn,
  assertNotBarred,
  effectiveDate,
} from '../guards';
import { countVoluntaryChange, NOT_COUNTED, relist } from '../relist';
import type { PersonState } from '../state';
import type {
  PromoteFromWaitingList,
  PromoteFromWaitingListFacts,
} from './promote-from-waiting-list.command';

/** R22: the place from the 1st of the next month, and a letter naming the GP and the start date. */
export function promoteFromWaitingList(
  command: PromoteFromWaitingList,
  state: PersonState,
  facts: PromoteFromWaitingListFacts,
): PersonEvent[] {
  const { rules, today } = facts;
  const personId = state.personId;
  assertEntitled(state);
  if (state.waiting?.contractId !== command.contractId) {
    refuse('NOT_ON_WAITING_LIST', 'R22', 'The person is not waiting for this list');
  }
  const from = effectiveDate(today, rules);
  const target = assertListActive(facts.target, from);
  assertNotBarred(state, target);
  assertNotAlreadyOn(state, target.contractId, from);
  if (target.freePlaces <= 0) refuse('NO_CAPACITY', 'R22', 'The list has no free place');
  // R25 [U]: a promotion counts as a voluntary change unless configured otherwise.
  const counting = rules.waitingPromotionCounts
    ? countVoluntaryChange(state, facts, null, from)
    : NOT_COUNTED;
  return [
    {
      type: 'WaitingListLeft',
      data: { personId, contractId: command.contractId, reason: 'PROMOTED', on: today },
    },
    ...relist(state, {
      personId,
      associationId: command.associationId,
      contractId: target.contractId,
      from,
      beginReason: 'WAITLIST',
      endReason: 'CHANGED',
      counting,
      requestedBy: null,
      overrideReason: null,
      today,
      endsWaiting: false,
    }),
    {
      type: 'LetterSent',
      data: {
        personId,
        kind: 'WAITING_LIST_PLACED',
        on: today,
        contractIds: [target.contractId],
        effectiveFrom: from,
      },
    },
  ];
}
