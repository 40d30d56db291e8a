import type { CorrectableFact, PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered } from '../guards';
import type { PersonState } from '../state';
import type { CorrectFact, CorrectFactFacts } from './correct-fact.command';

/** The event type that records each correctable fact. */
export const FACT_EVENT: Readonly<Record<CorrectableFact, PersonEvent['type']>> = {
  death: 'PersonDied',
  move: 'PersonMoved',
  emigration: 'PersonEmigrated',
  'opt-out': 'PersonOptedOut',
  placement: 'PatientListed',
};

/**
 * Annuls the wrong fact and undoes what it caused on this stream: links it ended run again with
 * their original periods, links it withdrew are listed again, waiting-list entries it ended are
 * back in their place, a link it created never existed. Letters it sent stay sent.
 */
export function correctFact(
  command: CorrectFact,
  state: PersonState,
  facts: CorrectFactFacts,
): PersonEvent[] {
  assertRegistered(state);
  const target = facts.target;
  if (!target || target.recorded.event.type !== FACT_EVENT[command.fact])
    refuse(
      'NOTHING_TO_CORRECT',
      'R46',
      `No ${command.fact} is recorded on this person that is not already corrected`,
    );
  const personId = state.personId;
  const wrong = target.recorded.event;
  const { correctionId } = command;
  const out: PersonEvent[] = [
    {
      type: 'FactAnnulled',
      data: {
        personId,
        correctionId,
        fact: command.fact,
        annulledEventId: target.recorded.id,
        annulledType: wrong.type,
        reason: command.reason,
        restoredResidence:
          wrong.type === 'PersonMoved'
            ? { municipality: wrong.data.fromMunicipality, householdId: facts.householdBefore }
            : null,
      },
    },
  ];
  if (wrong.type === 'PatientListed')
    out.push({
      type: 'PendingListingWithdrawn',
      data: {
        personId,
        associationId: wrong.data.associationId,
        contractId: wrong.data.contractId,
        reason: 'ANNULLED',
      },
    });
  for (const { event } of target.causedWith) out.push(...undo(event, state, facts, correctionId));
  return out;
}

function undo(
  event: PersonEvent,
  state: PersonState,
  facts: CorrectFactFacts,
  correctionId: string,
): PersonEvent[] {
  const personId = state.personId;
  switch (event.type) {
    case 'PatientUnlisted':
      return [
        {
          type: 'PatientUnlistingAnnulled',
          data: {
            personId,
            associationId: event.data.associationId,
            contractId: event.data.contractId,
            restoredTo: null,
            correctionId,
          },
        },
      ];
    case 'PendingListingWithdrawn': {
      const link = state.links.find((l) => l.associationId === event.data.associationId);
      if (!link || event.data.reason === 'ANNULLED') return [];
      // A withdrawn link cannot be un-withdrawn: it is listed again as it was, under a derived id.
      return [
        {
          type: 'PatientListed',
          data: {
            personId,
            associationId: `${link.associationId}.restored`,
            contractId: link.contractId,
            from: link.from,
            beginReason: link.beginReason,
            countsTowardLimit: link.countedInYear !== null,
            countedInYear: link.countedInYear,
            requestedBy: null,
            overrideReason: null,
            exemption: link.exemption,
          },
        },
      ];
    }
    case 'WaitingListLeft': {
      const joinedAt = facts.joinedAt[event.data.contractId];
      if (!joinedAt) return [];
      return [
        {
          type: 'WaitingListJoined',
          data: { personId, contractId: event.data.contractId, joinedAt, requestedBy: null },
        },
      ];
    }
    default:
      return [];
  }
}
