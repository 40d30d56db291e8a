import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import {
  assertActsForThemselves,
  assertEntitled,
  assertListActive,
  assertNotAlreadyOn,
  assertNotBarred,
  effectiveDate,
} from '../guards';
import { countVoluntaryChange, relist } from '../relist';
import type { PersonState } from '../state';
import { admission } from './admission';
import { gpLeftOn } from './gp-left';
import type { ChangeGp, ChangeGpFacts } from './change-gp.command';
import { restoreCurrent } from './restore-current';

/**
 * A change of GP: effective the 1st of the next month (R17), onto a list with a free place or by an
 * R13 exception (R6, R19), counted toward the yearly limit unless exempt (R15, R16, R18); choosing the
 * current list while a change is pending cancels that change (§4.3).
 */
export function changeGp(command: ChangeGp, state: PersonState, facts: ChangeGpFacts): PersonEvent[] {
  const { rules, today } = facts;
  assertEntitled(state);
  assertActsForThemselves(state, today, facts.requester);
  const from = effectiveDate(today, rules);
  const target = assertListActive(facts.target, from);
  assertNotBarred(state, target);
  const requestedBy = facts.requester?.personId ?? null;
  const restored = restoreCurrent(state, target.contractId, today, from, command.associationId, requestedBy);
  if (restored) return restored;
  assertNotAlreadyOn(state, target.contractId, from);
  const beginReason = admission(state, facts);
  if (!beginReason && target.status === 'locked') {
    refuse('NO_CAPACITY', 'R14', 'The list is locked: it takes no new patients', {
      waitingListAvailable: false,
    });
  }
  if (!beginReason) {
    // A list closed by hand (or after its intake) may still have room: say which it is.
    const why =
      target.status === 'closed' && target.freePlaces > 0
        ? 'The list is closed: it takes no new patients now'
        : 'The list has no free place';
    refuse('NO_CAPACITY', 'R19', why, {
      waitingListAvailable: today >= rules.waitingListFrom && target.status !== 'locked',
    });
  }
  const gpLeft = gpLeftOn(state, today, from, facts.fastlegeEndsOnCurrentList);
  const counting = countVoluntaryChange(state, facts, gpLeft, from);
  return relist(state, {
    personId: state.personId,
    associationId: command.associationId,
    contractId: target.contractId,
    from,
    beginReason,
    endReason: 'CHANGED',
    counting,
    requestedBy,
    overrideReason: null,
    today,
  });
}
