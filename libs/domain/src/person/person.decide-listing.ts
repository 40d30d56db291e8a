import { addMonths, ageOn } from '../calendar';
import type { BeginReason, PersonEvent } from '../events';
import { refuse } from '../shared/refusals';
import type { ListFacts, PersonCommand, PersonContext } from './person.commands';
import {
  AGE_OF_SELF_DETERMINATION,
  assertActsForThemselves,
  assertEntitled,
  assertListActive,
  assertNotBarred,
  effectiveDate,
} from './person.guards';
import { countingYear, countVoluntaryChange, NOT_COUNTED, relist } from './person.listing';
import { formerListOnReturn, linkOn, liveLinks, pendingLink } from './person.queries';
import { restoreCurrent } from './person.restore';
import type { PersonState } from './person.state';

type Listing = Extract<
  PersonCommand,
  { type: 'ChangeGp' | 'AssignPatient' | 'PromoteFromWaitingList' | 'PlaceAutomatically' }
>;

/** ALREADY_ON_LIST: on (or about to join) the target on the effective date. */
function assertNotAlreadyOn(state: PersonState, contractId: string, from: string): void {
  const on = linkOn(state, from);
  const pending = liveLinks(state).find((l) => l.from >= from && l.contractId === contractId);
  if (on?.contractId === contractId || pending) {
    refuse('ALREADY_ON_LIST', 'R6', 'The person is already on that list from the effective date');
  }
}

/** R6/R14/R19 with the R13 exceptions: how the person may get onto a list that is full. */
function admission(state: PersonState, target: ListFacts, ctx: PersonContext): BeginReason | null {
  const hasPlace = target.status === 'open' && target.freePlaces > 0;
  if (target.status === 'locked') return hasPlace ? 'CHOICE' : null;
  const child = ageOn(state.birthDate, ctx.today) < AGE_OF_SELF_DETERMINATION;
  if (child && ctx.parentOnTarget) return 'CHILD_WITH_PARENT'; // R13a
  const back = formerListOnReturn(state, ctx.canonicalMunicipality);
  // R13b: moved back within 3 years; the option lasts 6 months from the registered move.
  if (back?.contractIds.includes(target.contractId) && ctx.today < addMonths(back!.movedOn, 6)) {
    return 'MOVE_RETURN_3Y';
  }
  return hasPlace ? 'CHOICE' : null;
}

export function decideListing(cmd: Listing, state: PersonState, ctx: PersonContext): PersonEvent[] {
  const { rules, today } = ctx;
  const personId = state.personId;
  switch (cmd.type) {
    case 'ChangeGp': {
      assertEntitled(state);
      assertActsForThemselves(state, ctx);
      const from = effectiveDate(today, rules);
      const target = assertListActive(ctx.target, from);
      assertNotBarred(state, target);
      const restored = restoreCurrent(state, target.contractId, today, from, cmd.associationId, ctx);
      if (restored) return restored;
      assertNotAlreadyOn(state, target.contractId, from);
      const beginReason = admission(state, target, ctx);
      if (!beginReason && target.status === 'locked') {
        refuse('NO_CAPACITY', 'R14', 'The list is locked: it takes no new patients', {
          waitingListAvailable: false,
        });
      }
      if (!beginReason) {
        refuse('NO_CAPACITY', 'R19', 'The list has no free place', {
          waitingListAvailable: today >= rules.waitingListFrom && target.status !== 'locked',
        });
      }
      const counting = countVoluntaryChange(state, ctx, from);
      return relist(state, {
        personId,
        associationId: cmd.associationId,
        contractId: target.contractId,
        from,
        beginReason,
        endReason: 'CHANGED',
        counting,
        requestedBy: ctx.requester?.personId ?? null,
        overrideReason: null,
        today,
      });
    }
    case 'AssignPatient': {
      assertEntitled(state);
      const from = cmd.effectiveFrom ?? effectiveDate(today, rules);
      const target = assertListActive(ctx.target, from);
      if (!cmd.overrideReason) {
        assertNotBarred(state, target);
        // R28: the register places only on a list with a free place that is not locked, unless overridden.
        if (target.status === 'locked') refuse('NO_CAPACITY', 'R14', 'The list is locked');
        if (target.freePlaces <= 0) refuse('NO_CAPACITY', 'R14', 'The list has no free place');
      }
      assertNotAlreadyOn(state, target.contractId, from);
      // Placements by the register never use up a change (R16); an imported CHOICE is recorded as one,
      // unless the person was on no list (R15 counts the changes of "a person on a list").
      const onAList = !!linkOn(state, today) || !!pendingLink(state, today);
      const counting =
        cmd.reason === 'CHOICE' && today >= rules.schemeStart && onAList
          ? { countsTowardLimit: true, countedInYear: countingYear(today, from, rules), exemption: null }
          : NOT_COUNTED;
      return relist(state, {
        personId,
        associationId: cmd.associationId,
        contractId: target.contractId,
        from,
        beginReason: cmd.reason,
        endReason: 'CHANGED',
        counting,
        requestedBy: null,
        overrideReason: cmd.overrideReason,
        today,
      });
    }
    case 'PromoteFromWaitingList': {
      assertEntitled(state);
      if (state.waiting?.contractId !== cmd.contractId) {
        refuse('NOT_ON_WAITING_LIST', 'R22', 'The person is not waiting for this list');
      }
      const from = effectiveDate(today, rules);
      const target = assertListActive(ctx.target, from);
      assertNotBarred(state, target);
      assertNotAlreadyOn(state, target.contractId, from);
      if (target.freePlaces <= 0) refuse('NO_CAPACITY', 'R22', 'The list has no free place');
      // R25 [U]: a promotion counts as a voluntary change unless configured otherwise.
      const counting = rules.waitingPromotionCounts ? countVoluntaryChange(state, ctx, from) : NOT_COUNTED;
      return [
        {
          type: 'WaitingListLeft',
          data: { personId, contractId: cmd.contractId, reason: 'PROMOTED', on: today },
        },
        ...relist(state, {
          personId,
          associationId: cmd.associationId,
          contractId: target.contractId,
          from,
          beginReason: 'WAITLIST',
          endReason: 'CHANGED',
          counting,
          requestedBy: null,
          overrideReason: null,
          today,
          endsWaiting: false,
        }),
        // R22: Helfo writes to the person about the new GP and the start date.
        {
          type: 'LetterSent',
          data: {
            personId,
            kind: 'WAITING_LIST_PLACED',
            on: today,
            contractIds: [target.contractId],
            effectiveFrom: from,
          },
        },
      ];
    }
    case 'PlaceAutomatically': {
      assertEntitled(state);
      // §1.2: FLO cannot auto-assign D-number holders; they are placed by hand.
      if (state.ninKind === 'DNR') refuse('NOT_ENTITLED', 'R7', 'D-number holders are placed manually');
      const target = assertListActive(ctx.target, cmd.effectiveFrom);
      assertNotBarred(state, target); // R32: never placed back on the list (or GP) one was removed from
      assertNotAlreadyOn(state, target.contractId, cmd.effectiveFrom);
      if (linkOn(state, cmd.effectiveFrom)) refuse('ALREADY_ON_LIST', 'R7', 'The person already has a GP');
      return relist(state, {
        personId,
        associationId: cmd.associationId,
        contractId: target.contractId,
        from: cmd.effectiveFrom,
        beginReason: cmd.reason,
        endReason: 'CHANGED',
        counting: NOT_COUNTED,
        requestedBy: null,
        overrideReason: null,
        today,
      });
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
