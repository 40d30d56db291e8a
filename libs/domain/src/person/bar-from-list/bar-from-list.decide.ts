import { firstOfNextMonth } from '../../calendar';
import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertListActive, assertNoLinkInForceFrom, assertNotBarred, assertRegistered } from '../guards';
import { NOT_COUNTED, relist } from '../relist';
import { linkOn, liveLinks } from '../queries';
import type { PersonState } from '../state';
import type { BarFromList, BarFromListFacts } from './bar-from-list.command';

/** R32: barred from the list and its GP; the link ends (or moves where the decision says). */
export function barFromList(
  command: BarFromList,
  state: PersonState,
  facts: BarFromListFacts,
): PersonEvent[] {
  const today = facts.today;
  const personId = state.personId;
  assertRegistered(state);
  const from = command.effectiveFrom ?? firstOfNextMonth(today);
  const onList = [
    linkOn(state, today),
    linkOn(state, from),
    ...liveLinks(state).filter((l) => l.from > today),
  ].some((l) => l?.contractId === command.contractId);
  if (!onList) refuse('NOT_ON_LIST', 'R32', 'The person is not on this list');
  const events: PersonEvent[] = [
    {
      type: 'PersonBarredFromList',
      data: {
        personId,
        contractId: command.contractId,
        hpr: command.hprs[0] ?? null,
        hprs: [...command.hprs],
        on: today,
      },
    },
  ];
  if (state.waiting?.contractId === command.contractId) {
    events.push({
      type: 'WaitingListLeft',
      data: { personId, contractId: command.contractId, reason: 'LEFT', on: today },
    });
  }
  if (command.moveToContractId) {
    // R32: the municipality's decision places the person elsewhere, whatever the capacity.
    const moveTo = assertListActive(facts.moveTo, from);
    assertNotBarred(state, moveTo);
    assertNoLinkInForceFrom(state, from, today);
    events.push(
      ...relist(state, {
        personId,
        associationId: command.associationId,
        contractId: moveTo.contractId,
        from,
        beginReason: 'HELFO_MANUAL',
        endReason: 'REMOVED_VIOLENCE',
        counting: NOT_COUNTED,
        requestedBy: null,
        overrideReason: 'R32 removal',
        today,
      }),
    );
    return events;
  }
  for (const link of liveLinks(state).filter((l) => l.contractId === command.contractId)) {
    if (link.from >= from) {
      events.push({
        type: 'PendingListingWithdrawn',
        data: {
          personId,
          associationId: link.associationId,
          contractId: link.contractId,
          reason: 'REPLACED',
        },
      });
    } else if (link.to === null || link.to > from) {
      events.push({
        type: 'PatientUnlisted',
        data: {
          personId,
          associationId: link.associationId,
          contractId: link.contractId,
          to: from,
          endReason: 'REMOVED_VIOLENCE',
        },
      });
    }
  }
  return events;
}
