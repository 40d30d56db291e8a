import {
  barred,
  changed,
  child,
  joinWaitingList,
  listed,
  on,
  optedOut,
  P,
  parent,
  personSpec,
  waiting,
} from '../../testing';
import { joinWaitingList as decide } from './join-waiting-list.decide';

const { given } = personSpec(decide);

describe('JoinWaitingList (R21–R24)', () => {
  it('do not exist before the launch day (S25, R24 [U] 2016-11-21)', () => {
    given(listed(P, 'L-A', '2015-02-01'))
      .when(on('2016-11-20', joinWaitingList('L-B')))
      .thenRefuses('FEATURE_NOT_AVAILABLE', 'R24');
    given(listed(P, 'L-A', '2015-02-01'))
      .when(on('2016-11-21', joinWaitingList('L-B')))
      .then([
        {
          type: 'WaitingListJoined',
          data: { contractId: 'L-B', joinedAt: '2016-11-21T12:00:00+01:00', requestedBy: null },
        },
      ]);
  });

  it('one waiting list per person: joining another replaces the entry (S21, R26)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-01', joinWaitingList('L-C')))
      .then([
        { type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'REPLACED', on: '2024-02-01' } },
        { type: 'WaitingListJoined', data: { contractId: 'L-C' } },
      ]);
  });

  it('refuses joining the same queue twice, the list one is on, or the one a pending change leads to (R21)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-01', joinWaitingList('L-B')))
      .thenRefuses('ALREADY_ON_WAITING_LIST', 'R21');
    given(listed(P, 'L-A'))
      .when(on('2024-02-01', joinWaitingList('L-A')))
      .thenRefuses('ALREADY_ON_LIST', 'R21');
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'))
      .when(on('2024-02-10', joinWaitingList('L-B')))
      .thenRefuses('ALREADY_ON_LIST', 'R21');
  });

  it('a parent at the same address queues a child of 15, not one of 16 (R11, R12)', () => {
    given(child('2010-01-01'))
      .when(on('2024-02-01', joinWaitingList('L-B', { requester: parent() })))
      .then([{ type: 'WaitingListJoined', data: { requestedBy: 'M' } }]);
    given(child('2010-01-01'))
      .when(on('2024-02-01', joinWaitingList('L-B')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    given(child('2008-01-01'))
      .when(on('2024-02-01', joinWaitingList('L-B', { requester: parent() })))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });

  it('refuses the opted out (R4), a list one is barred from (R32), a list not in force (R34)', () => {
    given(listed(P, 'L-A'), optedOut(P, '2024-01-10'))
      .when(on('2024-02-01', joinWaitingList('L-B')))
      .thenRefuses('NOT_ENTITLED', 'R4');
    given(listed(P, 'L-A'), barred(P, 'L-B'))
      .when(on('2024-02-01', joinWaitingList('L-B')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
    given(listed(P, 'L-A'))
      .when(on('2024-02-01', joinWaitingList('L-B', { target: { validFrom: '2024-02-02' } })))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});
