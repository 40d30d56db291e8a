import type { BusinessDate, EndReason, PersonEvent, WaitingListLeaveReason } from '../events';
import { liveLinks } from './queries';
import type { PersonState } from './state';

/**
 * R26/R38/R39/R42: leaving the scheme ends the link at `end`, withdraws links that would start on or
 * after it, and withdraws the waiting-list entry.
 */
export function leaveScheme(
  state: PersonState,
  end: BusinessDate,
  endReason: EndReason,
  waitingReason: WaitingListLeaveReason,
  on: BusinessDate,
): PersonEvent[] {
  const personId = state.personId;
  const events: PersonEvent[] = [];
  for (const link of liveLinks(state)) {
    if (link.from >= end) {
      events.push({
        type: 'PendingListingWithdrawn',
        data: {
          personId,
          associationId: link.associationId,
          contractId: link.contractId,
          reason: 'LEFT_SCHEME',
        },
      });
    } else if (link.to === null || link.to >= end) {
      // A link already ending at `end` (a pending change) gets the leave reason instead.
      events.push({
        type: 'PatientUnlisted',
        data: {
          personId,
          associationId: link.associationId,
          contractId: link.contractId,
          to: end,
          endReason,
        },
      });
    }
  }
  if (state.waiting) {
    events.push({
      type: 'WaitingListLeft',
      data: { personId, contractId: state.waiting.contractId, reason: waitingReason, on },
    });
  }
  return events;
}
