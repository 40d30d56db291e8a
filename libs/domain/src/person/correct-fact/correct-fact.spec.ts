import type { PersonEvent } from '../../events';
import { evolvePerson } from '../state';
import { type CaseBuilder, listed, on, P, personSpec, registered } from '../../testing';
import type { CorrectFact, CorrectFactFacts, RecordedPersonEvent } from './correct-fact.command';
import { correctFact as decide } from './correct-fact.decide';

const { given } = personSpec(decide);

const died: PersonEvent = { type: 'PersonDied', data: { personId: P, diedOn: '2024-05-10' } };
const deathEnd: PersonEvent = {
  type: 'PatientUnlisted',
  data: {
    personId: P,
    associationId: 'L-A@2020-02-01',
    contractId: 'L-A',
    to: '2024-05-11',
    endReason: 'DEATH',
  },
};
const leftQueue: PersonEvent = {
  type: 'WaitingListLeft',
  data: { personId: P, contractId: 'L-B', reason: 'DEATH', on: '2024-05-10' },
};

function correct(
  fact: CorrectFact['fact'],
  target: RecordedPersonEvent | null,
  causedWith: RecordedPersonEvent[] = [],
  extra: Partial<CorrectFactFacts> = {},
): CaseBuilder<CorrectFact, CorrectFactFacts> {
  return (common) => ({
    command: { type: 'CorrectFact', fact, reason: 'wrong person', correctionId: 'C1' },
    facts: {
      ...common,
      target: target && { recorded: target, causedWith },
      joinedAt: {},
      householdBefore: null,
      linkEndsBefore: {},
      listEnds: {},
      ...extra,
    },
  });
}

describe('CorrectFact (issue 11)', () => {
  it('annuls a death and takes back the end it put on the list and the queue entry it ended', () => {
    given(listed(P, 'L-A'), died, deathEnd, leftQueue)
      .when(
        on(
          '2024-05-20',
          correct(
            'death',
            { id: 'e-died', event: died },
            [
              { id: 'e-end', event: deathEnd },
              { id: 'e-left', event: leftQueue },
            ],
            { joinedAt: { 'L-B': '2024-03-01T10:00:00Z' } },
          ),
        ),
      )
      .then([
        {
          type: 'FactAnnulled',
          data: {
            fact: 'death',
            annulledEventId: 'e-died',
            annulledType: 'PersonDied',
            reason: 'wrong person',
          },
        },
        {
          type: 'PatientUnlistingAnnulled',
          data: { associationId: 'L-A@2020-02-01', contractId: 'L-A', restoredTo: null },
        },
        { type: 'WaitingListJoined', data: { contractId: 'L-B', joinedAt: '2024-03-01T10:00:00Z' } },
      ]);
  });

  it('annuls a placement: its link is withdrawn as never having existed', () => {
    const placed: PersonEvent = {
      type: 'PatientListed',
      data: {
        personId: P,
        associationId: 'A9',
        contractId: 'L-A',
        from: '2024-03-01',
        beginReason: 'HELFO_MANUAL',
        countsTowardLimit: false,
        countedInYear: null,
        requestedBy: null,
        overrideReason: null,
      },
    };
    given(registered(P), placed)
      .when(on('2024-04-02', correct('placement', { id: 'e-placed', event: placed })))
      .then([
        { type: 'FactAnnulled', data: { fact: 'placement', annulledType: 'PatientListed' } },
        { type: 'PendingListingWithdrawn', data: { associationId: 'A9', reason: 'ANNULLED' } },
      ]);
  });

  it('refuses when no such fact is recorded, or the one found is of another kind (NOTHING_TO_CORRECT, R46)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-05-20', correct('death', null)))
      .thenRefuses('NOTHING_TO_CORRECT', 'R46');
    given(listed(P, 'L-A'), died)
      .when(on('2024-05-20', correct('emigration', { id: 'e-died', event: died })))
      .thenRefuses('NOTHING_TO_CORRECT', 'R46');
  });

  it('refuses an unknown person', () => {
    given()
      .when(on('2024-05-20', correct('death', null)))
      .thenRefuses('UNKNOWN_PERSON');
  });

  describe('a list cancelled meanwhile is not restored past its end (R34b, R26)', () => {
    const onA = 'L-A@2020-02-01';
    const emigrated: PersonEvent = {
      type: 'PersonEmigrated',
      data: { personId: P, emigratedOn: '2024-05-10' },
    };
    const emigrationEnd: PersonEvent = {
      type: 'PatientUnlisted',
      data: { personId: P, associationId: onA, contractId: 'L-A', to: '2024-06-01', endReason: 'EMIGRATION' },
    };
    const cancelledAToB = { 'L-A': { effectiveFrom: '2024-09-01', moveToContractId: 'L-B' } };

    it('annulling a death after the list was cancelled puts the person where the cancellation put everyone else', () => {
      given(listed(P, 'L-A'), died, deathEnd)
        .when(
          on(
            '2024-11-20',
            correct('death', { id: 'e-died', event: died }, [{ id: 'e-end', event: deathEnd }], {
              listEnds: cancelledAToB,
            }),
          ),
        )
        .then([
          { type: 'FactAnnulled', data: { fact: 'death' } },
          { type: 'PatientUnlistingAnnulled', data: { associationId: onA, restoredTo: null } },
          {
            type: 'PatientUnlisted',
            data: { associationId: onA, to: '2024-09-01', endReason: 'CONTRACT_ENDED' },
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

    it('annulling an emigration follows the receiving list when it was cancelled in turn', () => {
      const decided = given(listed(P, 'L-A'), emigrated, emigrationEnd)
        .when(
          on(
            '2025-03-02',
            correct(
              'emigration',
              { id: 'e-emig', event: emigrated },
              [{ id: 'e-end', event: emigrationEnd }],
              {
                listEnds: {
                  ...cancelledAToB,
                  'L-B': { effectiveFrom: '2025-01-01', moveToContractId: 'L-C' },
                },
              },
            ),
          ),
        )
        .thenEvents();
      const links = decided.reduce(
        evolvePerson,
        given(listed(P, 'L-A'), emigrated, emigrationEnd).state(),
      ).links;
      expect(
        links.map(({ contractId, from, to, beginReason, endReason }) => ({
          contractId,
          from,
          to,
          beginReason,
          endReason,
        })),
      ).toEqual([
        {
          contractId: 'L-A',
          from: '2020-02-01',
          to: '2024-09-01',
          beginReason: 'HELFO_MANUAL',
          endReason: 'CONTRACT_ENDED',
        },
        {
          contractId: 'L-B',
          from: '2024-09-01',
          to: '2025-01-01',
          beginReason: 'CONTRACT_END_MOVE',
          endReason: 'CONTRACT_ENDED',
        },
        {
          contractId: 'L-C',
          from: '2025-01-01',
          to: null,
          beginReason: 'CONTRACT_END_MOVE',
          endReason: null,
        },
      ]);
    });

    it('a cancellation registered before the death keeps its end and its move when the death is annulled', () => {
      // Cancelled from 1 Sep (registered in August): P moved to L-B; the death on 10 May, registered
      // later, ended L-A early and withdrew the pending move.
      const movedToB: PersonEvent[] = [
        {
          type: 'PatientUnlisted',
          data: {
            personId: P,
            associationId: onA,
            contractId: 'L-A',
            to: '2024-09-01',
            endReason: 'CONTRACT_ENDED',
          },
        },
        {
          type: 'PatientListed',
          data: {
            personId: P,
            associationId: 'moved',
            contractId: 'L-B',
            from: '2024-09-01',
            beginReason: 'CONTRACT_END_MOVE',
            countsTowardLimit: false,
            countedInYear: null,
            requestedBy: null,
            overrideReason: null,
            exemption: null,
          },
        },
      ];
      const withdrawn: PersonEvent = {
        type: 'PendingListingWithdrawn',
        data: { personId: P, associationId: 'moved', contractId: 'L-B', reason: 'LEFT_SCHEME' },
      };
      given(listed(P, 'L-A'), movedToB, died, deathEnd, withdrawn)
        .when(
          on(
            '2024-08-20',
            correct(
              'death',
              { id: 'e-died', event: died },
              [
                { id: 'e-end', event: deathEnd },
                { id: 'e-withdrawn', event: withdrawn },
              ],
              {
                listEnds: cancelledAToB,
                linkEndsBefore: { [onA]: { to: '2024-09-01', endReason: 'CONTRACT_ENDED' } },
              },
            ),
          ),
        )
        .then([
          { type: 'FactAnnulled' },
          { type: 'PatientUnlistingAnnulled', data: { associationId: onA, restoredTo: null } },
          {
            type: 'PatientUnlisted',
            data: { associationId: onA, to: '2024-09-01', endReason: 'CONTRACT_ENDED' },
          },
          {
            type: 'PatientListed',
            data: { associationId: 'moved.restored', contractId: 'L-B', from: '2024-09-01' },
          },
        ]);
    });

    it('a waiting-list entry taken back on a list cancelled meanwhile ends with the list (R26)', () => {
      given(listed(P, 'L-A'), died, deathEnd, leftQueue)
        .when(
          on(
            '2024-11-20',
            correct(
              'death',
              { id: 'e-died', event: died },
              [
                { id: 'e-end', event: deathEnd },
                { id: 'e-left', event: leftQueue },
              ],
              {
                joinedAt: { 'L-B': '2024-03-01T10:00:00Z' },
                listEnds: { 'L-B': { effectiveFrom: '2024-10-01', moveToContractId: 'L-C' } },
              },
            ),
          ),
        )
        .then([
          { type: 'FactAnnulled' },
          { type: 'PatientUnlistingAnnulled', data: { associationId: onA, restoredTo: null } },
          { type: 'WaitingListJoined', data: { contractId: 'L-B' } },
          { type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'CONTRACT_ENDED' } },
        ]);
    });
  });
});
