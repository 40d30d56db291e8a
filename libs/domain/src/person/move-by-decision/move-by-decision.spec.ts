import { changed, died, listed, moveByDecision, on, P, personSpec, waiting } from '../../testing';
import { moveByDecision as decide } from './move-by-decision.decide';

const { given } = personSpec(decide);

describe('MoveByDecision (R31 reduction, R34b cancellation)', () => {
  it('moves the person from the effective date, never counted (R31)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-05-01', endReason: 'REDUCTION' } },
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            from: '2024-05-01',
            beginReason: 'REDUCTION_MOVE',
            countsTowardLimit: false,
          },
        },
      ]);
  });

  it('a departure the person registered for later still happens, from the new list', () => {
    given(listed(P, 'L-A'), changed(P, 'L-C', '2024-06'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-05-01' } },
        { type: 'PatientListed', data: { contractId: 'L-B', from: '2024-05-01' } },
        { type: 'PatientUnlisted', data: { contractId: 'L-B', to: '2024-06-01', endReason: 'CHANGED' } },
      ]);
  });

  it('a pending arrival on the ended list is redirected to the receiving list (R34b)', () => {
    given(listed(P, 'L-C'), changed(P, 'L-A', '2024-06'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01', 'cancellation')))
      .then([
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-A', reason: 'CONTRACT_ENDED' } },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', from: '2024-06-01', beginReason: 'CONTRACT_END_MOVE' },
        },
      ]);
  });

  it('a cancellation ends the waiting-list entry for the ended list (R26)', () => {
    given(listed(P, 'L-C'), waiting(P, 'L-A'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01', 'cancellation')))
      .then([{ type: 'WaitingListLeft', data: { contractId: 'L-A', reason: 'CONTRACT_ENDED' } }]);
  });

  it('moves a person who died after the effective date; the death then ends the link on the new list (R34b)', () => {
    // The death as RecordDeath registers it: the link ends the day after (R38).
    const deathEnd = {
      type: 'PatientUnlisted' as const,
      data: {
        personId: P,
        associationId: 'L-A@2020-02-01',
        contractId: 'L-A',
        to: '2024-06-11',
        endReason: 'DEATH' as const,
      },
    };
    given(listed(P, 'L-A'), died(P, '2024-06-10'), deathEnd)
      .when(on('2024-06-20', moveByDecision('L-A', 'L-B', '2024-05-01', 'cancellation')))
      .then([
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-05-01', endReason: 'CONTRACT_ENDED' },
        },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', from: '2024-05-01', beginReason: 'CONTRACT_END_MOVE' },
        },
        { type: 'PatientUnlisted', data: { contractId: 'L-B', to: '2024-06-11', endReason: 'DEATH' } },
      ]);
  });

  it('skips a person no longer on the list, or dead (no events)', () => {
    given(listed(P, 'L-C'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01')))
      .thenNothing();
    given(listed(P, 'L-A'), died(P, '2024-03-01'))
      .when(on('2024-03-10', moveByDecision('L-A', 'L-B', '2024-05-01')))
      .thenNothing();
  });
});
