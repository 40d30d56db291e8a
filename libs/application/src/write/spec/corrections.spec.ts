import { given, on } from '@flr/testing';
import { P, pOnA, twoLists } from './fixtures';

const died = { type: 'RecordDeath' as const, nin: P, diedOn: '2024-05-10' };
const cancelAToB = {
  type: 'CancelContract' as const,
  contractId: 'L-A',
  effectiveFrom: '2024-09-01',
  moveToContractId: 'L-B',
};
const annulDeath = { type: 'CorrectFact' as const, nin: P, fact: 'death' as const, reason: 'wrong person' };

describe('annulling a fact after the list was cancelled meanwhile (issue 11, R34b)', () => {
  it('a death annulled after the cancellation puts the person on the receiving list from the list’s end', async () => {
    await given(...twoLists(), ...pOnA(), on('2024-05-12', died), on('2024-08-01', cancelAToB))
      .when(on('2024-11-20', annulDeath))
      .then([
        { type: 'FactAnnulled', data: { fact: 'death', annulledType: 'PersonDied' } },
        { type: 'PatientUnlistingAnnulled', data: { contractId: 'L-A', restoredTo: null } },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-09-01', endReason: 'CONTRACT_ENDED' },
        },
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            from: '2024-09-01',
            beginReason: 'CONTRACT_END_MOVE',
            countsTowardLimit: false,
          },
        },
      ]);
  });

  it('a death registered after the cancellation and annulled keeps the end and the move the cancellation made', async () => {
    await given(...twoLists(), ...pOnA(), on('2024-08-01', cancelAToB), on('2024-08-10', died))
      .when(on('2024-08-20', annulDeath))
      .then([
        { type: 'FactAnnulled' },
        { type: 'PatientUnlistingAnnulled', data: { contractId: 'L-A', restoredTo: null } },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-09-01', endReason: 'CONTRACT_ENDED' },
        },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', from: '2024-09-01', beginReason: 'CONTRACT_END_MOVE' },
        },
      ]);
  });

  it('an emigration annulled after the cancellation is undone the same way (R39)', async () => {
    await given(
      ...twoLists(),
      ...pOnA(),
      on('2024-05-12', { type: 'RecordEmigration', nin: P, emigratedOn: '2024-05-10' }),
      on('2024-08-01', cancelAToB),
    )
      .when(on('2024-11-20', { ...annulDeath, fact: 'emigration' }))
      .then([
        { type: 'FactAnnulled', data: { fact: 'emigration' } },
        { type: 'PatientUnlistingAnnulled', data: { contractId: 'L-A', restoredTo: null } },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-09-01', endReason: 'CONTRACT_ENDED' },
        },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', from: '2024-09-01', beginReason: 'CONTRACT_END_MOVE' },
        },
      ]);
  });
});
