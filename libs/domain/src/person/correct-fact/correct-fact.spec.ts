import type { PersonEvent } from '../../events';
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
});
