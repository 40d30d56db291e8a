import type { PersonEvent } from '../../events';
import { assertRegistered } from '../guards';
import { NOT_COUNTED, relist } from '../relist';
import { linkOn, liveLinks } from '../queries';
import type { PersonState } from '../state';
import type { MoveByDecision, MoveByDecisionFacts } from './move-by-decision.command';

/**
 * R31/R34b: carried out by the process manager; a person no longer on the list is skipped (no
 * events), one not yet on it has the pending arrival redirected.
 */
export function moveByDecision(
  command: MoveByDecision,
  state: PersonState,
  facts: MoveByDecisionFacts,
): PersonEvent[] {
  const today = facts.today;
  const personId = state.personId;
  assertRegistered(state);
  const from = command.effectiveFrom;
  const current = linkOn(state, from);
  const arriving = liveLinks(state).find((l) => l.contractId === command.fromContractId && l.from >= from);
  const events: PersonEvent[] = [];
  // Someone who died (or left) after the effective date was on the list that day: moved like everyone,
  // their recorded end then ends the link on the receiving list instead (below).
  const onTheListThatDay = state.status !== 'dead' || (current?.to ?? null) !== null;
  if (current?.contractId === command.fromContractId && current.from < from && onTheListThatDay) {
    events.push(
      ...relist(state, {
        personId,
        associationId: command.associationId,
        contractId: command.toContractId,
        from,
        beginReason: command.beginReason,
        endReason: command.endReason,
        counting: NOT_COUNTED,
        requestedBy: null,
        overrideReason: null,
        today: from,
        replacePending: false,
      }),
    );
    // A departure already registered for later still happens from the new list.
    if (current.to !== null) {
      events.push({
        type: 'PatientUnlisted',
        data: {
          personId,
          associationId: command.associationId,
          contractId: command.toContractId,
          to: current.to,
          endReason: current.endReason ?? 'CHANGED',
        },
      });
    }
  } else if (arriving && state.status !== 'dead') {
    // Not yet on the list: the pending arrival is redirected to the receiving list.
    events.push(
      {
        type: 'PendingListingWithdrawn',
        data: {
          personId,
          associationId: arriving.associationId,
          contractId: arriving.contractId,
          reason: command.beginReason === 'CONTRACT_END_MOVE' ? 'CONTRACT_ENDED' : 'REPLACED',
        },
      },
      {
        type: 'PatientListed',
        data: {
          personId,
          associationId: command.associationId,
          contractId: command.toContractId,
          from: arriving.from,
          beginReason: command.beginReason,
          countsTowardLimit: false,
          countedInYear: null,
          requestedBy: null,
          overrideReason: null,
          exemption: null,
        },
      },
    );
  }
  if (command.beginReason === 'CONTRACT_END_MOVE' && state.waiting?.contractId === command.fromContractId) {
    events.push({
      type: 'WaitingListLeft',
      data: { personId, contractId: command.fromContractId, reason: 'CONTRACT_ENDED', on: today },
    });
  }
  return events;
}
