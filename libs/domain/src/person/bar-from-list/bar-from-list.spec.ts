import { barFromList, changed, listed, on, P, personSpec, waiting } from '../../testing';
import { barFromList as decide } from './bar-from-list.decide';

const { given } = personSpec(decide);

describe('BarFromList (R32)', () => {
  it('removes the person from the 1st of the next month and bars the list and its GP (S47)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-10', barFromList('L-A', { hprs: [1] })))
      .then([
        {
          type: 'PersonBarredFromList',
          data: { contractId: 'L-A', hpr: 1, hprs: [1], on: '2024-03-10' },
        },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-04-01', endReason: 'REMOVED_VIOLENCE' },
        },
      ]);
  });

  it('bars every fastlege of a shared list (R32)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-10', barFromList('L-A', { hprs: [1, 2] })))
      .then([
        { type: 'PersonBarredFromList', data: { hpr: 1, hprs: [1, 2] } },
        { type: 'PatientUnlisted', data: { contractId: 'L-A' } },
      ]);
  });

  it('places the person where the decision says, whatever its capacity', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-10', barFromList('L-A', { hprs: [1], moveToContractId: 'L-B' }, { freePlaces: 0 })))
      .then([
        { type: 'PersonBarredFromList' },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-04-01', endReason: 'REMOVED_VIOLENCE' },
        },
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            beginReason: 'HELFO_MANUAL',
            countsTowardLimit: false,
            overrideReason: 'R32 removal',
          },
        },
      ]);
  });

  it('withdraws a pending arrival on the list and the queue entry for it', () => {
    given(listed(P, 'L-C'), changed(P, 'L-A', '2024-04'), waiting(P, 'L-A'))
      .when(on('2024-03-10', barFromList('L-A')))
      .then([
        { type: 'PersonBarredFromList' },
        { type: 'WaitingListLeft', data: { contractId: 'L-A', reason: 'LEFT' } },
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-A', reason: 'REPLACED' } },
      ]);
  });

  it('refuses a backdated move that would overlap a link already in force (§2.6)', () => {
    given(listed(P, 'L-A', '2024-02-01'), changed(P, 'L-C', '2024-06'))
      .when(on('2024-07-02', barFromList('L-A', { effectiveFrom: '2024-05-01', moveToContractId: 'L-B' })))
      .thenRefuses('OVERLAPPING_PERIOD', '§2.6');
    // Without a move, the link on the list simply ends then.
    given(listed(P, 'L-A', '2024-02-01'), changed(P, 'L-C', '2024-06'))
      .when(on('2024-07-02', barFromList('L-A', { effectiveFrom: '2024-05-01' })))
      .then([
        { type: 'PersonBarredFromList' },
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-05-01' } },
      ]);
  });

  it('refuses removing someone not on the list (R32)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-10', barFromList('L-B')))
      .thenRefuses('NOT_ON_LIST', 'R32');
  });
});
