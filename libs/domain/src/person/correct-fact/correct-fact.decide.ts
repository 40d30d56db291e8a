import type { CorrectableFact, PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered } from '../guards';
import { moveByDecision } from '../move-by-decision/move-by-decision.decide';
import { evolvePerson, type PersonState } from '../state';
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
 * back in their place, a link it created never existed. Letters it sent stay sent. What the register
 * did meanwhile to everyone else on those lists is then done to the person too (R34b, below).
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
  return [...out, ...cancellationsMissed(out.reduce(evolvePerson, state), facts, correctionId)];
}

/**
 * R34b/R26: a list cancelled while the wrong fact stood moved every patient on it to the receiving
 * list and ended its waiting-list entries, but left this person alone (a person who is dead, has
 * emigrated or opted out, or was placed elsewhere, is on no list to move; move-by-decision skips the
 * dead whose link ended before the move). With the fact annulled, a restored link must not run past the day its list ended: the person
 * gets what the cancellation gave everyone else had the fact never been recorded, decided by the
 * cancellation's own step (MoveByDecision) on the person as restored. The link ends on the list's
 * end date (CONTRACT_ENDED) and the person is on the receiving list from then (CONTRACT_END_MOVE,
 * not counted, R16), a pending arrival on the cancelled list goes to the receiving list, a restored
 * queue entry on it ends. A receiving list cancelled in turn is followed the same way. A list the
 * person had already been moved off (the cancellation came before the wrong fact) gives no events:
 * its link already ends on that day again (`linkEndsBefore`).
 */
function cancellationsMissed(
  restored: PersonState,
  facts: CorrectFactFacts,
  correctionId: string,
): PersonEvent[] {
  const events: PersonEvent[] = [];
  const moved = new Set<string>();
  let state = restored;
  let progress = true;
  while (progress) {
    progress = false;
    for (const [contractId, end] of Object.entries(facts.listEnds)) {
      if (moved.has(contractId)) continue;
      const step = moveByDecision(
        {
          type: 'MoveByDecision',
          fromContractId: contractId,
          toContractId: end.moveToContractId,
          // One link per cancelled list and correction: deterministic, so a retried correction repeats it.
          associationId: `${correctionId}:${contractId}`,
          effectiveFrom: end.effectiveFrom,
          beginReason: 'CONTRACT_END_MOVE',
          endReason: 'CONTRACT_ENDED',
        },
        state,
        { ...facts, today: end.effectiveFrom },
      );
      if (step.length === 0) continue;
      moved.add(contractId);
      events.push(...step);
      state = step.reduce(evolvePerson, state);
      progress = true;
    }
  }
  return events;
}

function undo(
  event: PersonEvent,
  state: PersonState,
  facts: CorrectFactFacts,
  correctionId: string,
): PersonEvent[] {
  const personId = state.personId;
  switch (event.type) {
    case 'PatientUnlisted': {
      const reopened: PersonEvent = {
        type: 'PatientUnlistingAnnulled',
        data: {
          personId,
          associationId: event.data.associationId,
          contractId: event.data.contractId,
          restoredTo: null,
          correctionId,
        },
      };
      // The end the link had before the wrong fact replaced it (a pending change, or a cancellation
      // registered earlier, R34b) holds again, with its own reason: the link is not restored beyond it.
      const before = facts.linkEndsBefore[event.data.associationId] ?? null;
      if (!before) return [reopened];
      return [
        reopened,
        {
          type: 'PatientUnlisted',
          data: {
            personId,
            associationId: event.data.associationId,
            contractId: event.data.contractId,
            to: before.to,
            endReason: before.endReason,
          },
        },
      ];
    }
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
