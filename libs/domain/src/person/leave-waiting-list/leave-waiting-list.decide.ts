import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered } from '../guards';
import type { PersonState } from '../state';
import type { LeaveWaitingList, LeaveWaitingListFacts } from './leave-waiting-list.command';

/** R21: only the entry the person has can end. */
export function leaveWaitingList(
  command: LeaveWaitingList,
  state: PersonState,
  facts: LeaveWaitingListFacts,
): PersonEvent[] {
  assertRegistered(state);
  if (state.waiting?.contractId !== command.contractId) {
    refuse('NOT_ON_WAITING_LIST', 'R21', 'The person is not on this waiting list');
  }
  return [
    {
      type: 'WaitingListLeft',
      data: {
        personId: state.personId,
        contractId: command.contractId,
        reason: command.reason,
        on: facts.today,
      },
    },
  ];
}
