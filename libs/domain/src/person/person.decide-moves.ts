import { firstOfNextMonth } from '../calendar';
import type { PersonEvent } from '../events';
import { refuse } from '../shared/refusals';
import type { PersonCommand, PersonContext } from './person.commands';
import { assertListActive, assertNotBarred, assertRegistered } from './person.guards';
import { NOT_COUNTED, relist } from './person.listing';
import { linkOn, liveLinks } from './person.queries';
import type { PersonState } from './person.state';

type Moves = Extract<PersonCommand, { type: 'MoveByDecision' | 'BarFromList' }>;

/** Moves the register orders: R31/R34b process-manager steps and R32 removals. */
export function decideMoves(cmd: Moves, state: PersonState, ctx: PersonContext): PersonEvent[] {
  const { today } = ctx;
  const personId = state.personId;
  switch (cmd.type) {
    case 'MoveByDecision': {
      // R31/R34b: carried out by the process manager; a person no longer on the list is skipped.
      assertRegistered(state);
      const from = cmd.effectiveFrom;
      const current = linkOn(state, from);
      const arriving = liveLinks(state).find((l) => l.contractId === cmd.fromContractId && l.from >= from);
      const events: PersonEvent[] = [];
      if (current?.contractId === cmd.fromContractId && current.from < from && state.status !== 'dead') {
        events.push(
          ...relist(state, {
            personId,
            associationId: cmd.associationId,
            contractId: cmd.toContractId,
            from,
            beginReason: cmd.beginReason,
            endReason: cmd.endReason,
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
              associationId: cmd.associationId,
              contractId: cmd.toContractId,
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
              reason: cmd.beginReason === 'CONTRACT_END_MOVE' ? 'CONTRACT_ENDED' : 'REPLACED',
            },
          },
          {
            type: 'PatientListed',
            data: {
              personId,
              associationId: cmd.associationId,
              contractId: cmd.toContractId,
              from: arriving.from,
              beginReason: cmd.beginReason,
              countsTowardLimit: false,
              countedInYear: null,
              requestedBy: null,
              overrideReason: null,
              exemption: null,
            },
          },
        );
      }
      if (cmd.beginReason === 'CONTRACT_END_MOVE' && state.waiting?.contractId === cmd.fromContractId) {
        events.push({
          type: 'WaitingListLeft',
          data: { personId, contractId: cmd.fromContractId, reason: 'CONTRACT_ENDED', on: today },
        });
      }
      return events;
    }
    case 'BarFromList': {
      assertRegistered(state);
      const from = cmd.effectiveFrom ?? firstOfNextMonth(today);
      const onList = [
        linkOn(state, today),
        linkOn(state, from),
        ...liveLinks(state).filter((l) => l.from > today),
      ].some((l) => l?.contractId === cmd.contractId);
      if (!onList) refuse('NOT_ON_LIST', 'R32', 'The person is not on this list');
      const events: PersonEvent[] = [
        {
          type: 'PersonBarredFromList',
          data: { personId, contractId: cmd.contractId, hpr: cmd.hpr, on: today },
        },
      ];
      if (state.waiting?.contractId === cmd.contractId) {
        events.push({
          type: 'WaitingListLeft',
          data: { personId, contractId: cmd.contractId, reason: 'LEFT', on: today },
        });
      }
      if (cmd.moveToContractId) {
        // R32: the municipality's decision places the person elsewhere, whatever the capacity.
        const moveTo = assertListActive(ctx.moveTo, from);
        assertNotBarred(state, moveTo);
        events.push(
          ...relist(state, {
            personId,
            associationId: cmd.associationId,
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
      for (const link of liveLinks(state).filter((l) => l.contractId === cmd.contractId)) {
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
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
