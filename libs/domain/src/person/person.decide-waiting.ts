import type { PersonEvent } from '../events';
import { refuse } from '../shared/refusals';
import type { PersonCommand, PersonContext } from './person.commands';
import {
  assertActsForThemselves,
  assertEntitled,
  assertListActive,
  assertNotBarred,
  assertRegistered,
  effectiveDate,
} from './person.guards';
import { linkOn } from './person.queries';
import type { PersonState } from './person.state';

type Waiting = Extract<PersonCommand, { type: 'JoinWaitingList' | 'LeaveWaitingList' }>;

/** R21–R26: one waiting list per person, from the launch day. */
export function decideWaiting(cmd: Waiting, state: PersonState, ctx: PersonContext): PersonEvent[] {
  const { rules, today } = ctx;
  const personId = state.personId;
  switch (cmd.type) {
    case 'JoinWaitingList': {
      assertEntitled(state);
      // R24: waiting lists exist only from their launch day.
      if (today < rules.waitingListFrom) {
        refuse('FEATURE_NOT_AVAILABLE', 'R24', `Waiting lists exist from ${rules.waitingListFrom}`);
      }
      assertActsForThemselves(state, ctx);
      const target = assertListActive(ctx.target, today);
      assertNotBarred(state, target);
      if (state.waiting?.contractId === cmd.contractId) {
        refuse('ALREADY_ON_WAITING_LIST', 'R21', 'The person is already waiting for this list');
      }
      const from = effectiveDate(today, rules);
      const listed = [linkOn(state, today), linkOn(state, from)].some(
        (l) => l?.contractId === cmd.contractId,
      );
      if (listed) refuse('ALREADY_ON_LIST', 'R21', 'The person is already on this list');
      const events: PersonEvent[] = [];
      // R21/R26: one waiting list per person; joining another replaces the entry.
      if (state.waiting) {
        events.push({
          type: 'WaitingListLeft',
          data: { personId, contractId: state.waiting.contractId, reason: 'REPLACED', on: today },
        });
      }
      events.push({
        type: 'WaitingListJoined',
        data: {
          personId,
          contractId: cmd.contractId,
          joinedAt: ctx.registeredAt,
          requestedBy: ctx.requester?.personId ?? null,
        },
      });
      return events;
    }
    case 'LeaveWaitingList': {
      assertRegistered(state);
      if (state.waiting?.contractId !== cmd.contractId) {
        refuse('NOT_ON_WAITING_LIST', 'R21', 'The person is not on this waiting list');
      }
      return [
        {
          type: 'WaitingListLeft',
          data: { personId, contractId: cmd.contractId, reason: cmd.reason, on: today },
        },
      ];
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
