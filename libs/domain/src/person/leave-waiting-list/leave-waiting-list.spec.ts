import { leaveWaitingList, listed, on, P, personSpec, waiting } from '../../testing';
import { leaveWaitingList as decide } from './leave-waiting-list.decide';

const { given } = personSpec(decide);

describe('LeaveWaitingList (R21, R26)', () => {
  it('leaving the queue, and leaving one you are not in', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-01', leaveWaitingList('L-B')))
      .then([{ type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'LEFT', on: '2024-02-01' } }]);
    given(listed(P, 'L-A'), waiting(P, 'L-C'))
      .when(on('2024-02-01', leaveWaitingList('L-B')))
      .thenRefuses('NOT_ON_WAITING_LIST', 'R21');
  });

  it('the contract’s end ends the entry with that reason (R26)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-01', leaveWaitingList('L-B', 'CONTRACT_ENDED')))
      .then([{ type: 'WaitingListLeft', data: { reason: 'CONTRACT_ENDED' } }]);
  });
});
