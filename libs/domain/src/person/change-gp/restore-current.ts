import type { PersonEvent } from '../../events';
import { linkOn, liveLinks } from '../queries';
import type { PersonState } from '../state';

/**
 * §4.3: choosing the list one is on while a change away from it is pending cancels that change: the
 * pending link is withdrawn and the current link re-issued open-ended with its original start, so the
 * history keeps one period (not two touching ones). It needs no free place and uses up no change.
 */
export function restoreCurrent(
  state: PersonState,
  contractId: string,
  today: string,
  from: string,
  associationId: string,
  requestedBy: string | null,
): PersonEvent[] | null {
  const current = linkOn(state, today);
  if (current?.contractId !== contractId || current.to !== from || current.endReason !== 'CHANGED') {
    return null;
  }
  const pending = liveLinks(state).filter((l) => l.from > today && l.from >= from);
  const ordered = pending.some(
    (l) => l.beginReason === 'REDUCTION_MOVE' || l.beginReason === 'CONTRACT_END_MOVE',
  );
  if (pending.length === 0 || ordered) return null;
  const personId = state.personId;
  return [
    ...[...pending, current].map(
      (l): PersonEvent => ({
        type: 'PendingListingWithdrawn',
        data: {
          personId,
          associationId: l.associationId,
          contractId: l.contractId,
          reason: l === current ? 'RESTORED' : 'REPLACED',
        },
      }),
    ),
    {
      type: 'PatientListed',
      data: {
        personId,
        associationId,
        contractId,
        from: current.from,
        beginReason: current.beginReason,
        countsTowardLimit: current.countedInYear !== null,
        countedInYear: current.countedInYear,
        requestedBy,
        overrideReason: null,
        exemption: current.exemption,
      },
    },
  ];
}
