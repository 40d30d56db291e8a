import { changed, listed, on, P, personSpec, promoteFromWaitingList, waiting } from '../../testing';
import { promoteFromWaitingList as decide } from './promote-from-waiting-list.decide';

const { given } = personSpec(decide);

describe('PromoteFromWaitingList (R22, R25)', () => {
  it('places the person from the 1st of the next month, ends the entry and writes to them (R22)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-02', promoteFromWaitingList('L-B')))
      .then([
        { type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'PROMOTED', on: '2024-02-02' } },
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-03-01' } },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', from: '2024-03-01', beginReason: 'WAITLIST', countsTowardLimit: true },
        },
        {
          type: 'LetterSent',
          data: { kind: 'WAITING_LIST_PLACED', contractIds: ['L-B'], effectiveFrom: '2024-03-01' },
        },
      ]);
  });

  it('counts as a change by default, so a person with none left is refused and keeps the entry (R25 [U])', () => {
    const used = [
      listed(P, 'L-A'),
      waiting(P, 'L-B'),
      changed(P, 'L-C', '2024-02'),
      changed(P, 'L-A', '2024-03'),
    ];
    given(...used)
      .when(on('2024-03-02', promoteFromWaitingList('L-B')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    given(...used)
      .when(on('2024-03-02', promoteFromWaitingList('L-B'), { waitingPromotionCounts: false }))
      .then([
        { type: 'WaitingListLeft' },
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: false } },
        { type: 'LetterSent' },
      ]);
  });

  it('refuses one not waiting for the list, and a list with no free place (R22)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-C'))
      .when(on('2024-02-02', promoteFromWaitingList('L-B')))
      .thenRefuses('NOT_ON_WAITING_LIST', 'R22');
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-02-02', promoteFromWaitingList('L-B', { freePlaces: 0 })))
      .thenRefuses('NO_CAPACITY', 'R22');
  });
});
