import { ageOn, firstOfNextMonth } from '../calendar';
import type { BusinessDate } from '../events';
import type { RegisterRules } from '../rules/settings';
import { refuse, unknown } from '../shared/refusals';
import type { ListFacts, Requester } from './facts';
import { linkOn, liveLinks } from './queries';
import type { PersonState } from './state';

/** R11/R12: from this age a person acts alone; below it a parent sharing the address acts for them. */
export const AGE_OF_SELF_DETERMINATION = 16;

export function assertRegistered(state: PersonState): void {
  if (!state.registered) unknown('UNKNOWN_PERSON', 'No person with that nin is registered');
}

/** Resident (R1, R38, R39). */
export function assertResident(state: PersonState): void {
  assertRegistered(state);
  if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The person is registered as dead');
  if (state.status === 'emigrated') refuse('PERSON_NOT_RESIDENT', 'R39', 'The person has emigrated');
}

/** R1/R2/R4: bosatt; a D-number only with an asylum/NATO/diplomatic flag; not opted out. */
export function assertEntitled(state: PersonState): void {
  assertResident(state);
  if (state.ninKind === 'DNR' && state.entitlement === null) {
    refuse(
      'NOT_ENTITLED',
      'R2',
      'A D-number holder is entitled only as an asylum seeker, NATO or diplomatic staff',
    );
  }
  if (state.optedOut) refuse('NOT_ENTITLED', 'R4', 'The person has opted out of the scheme; opt in first');
}

/** R11/R12: a child (under 16) on `today`. */
export function isChild(state: PersonState, today: BusinessDate): boolean {
  return ageOn(state.birthDate, today) < AGE_OF_SELF_DETERMINATION;
}

/** R11/R12: under 16 a parent sharing the address acts; from 16 the person acts alone. */
export function assertActsForThemselves(
  state: PersonState,
  today: BusinessDate,
  requester: Requester | null,
): void {
  if (isChild(state, today)) {
    if (!requester) {
      refuse('NOT_AUTHORISED', 'R11', 'A child under 16 is represented by a parent (requestedBy)');
    }
    if (!requester.isParent || !requester.sameHousehold) {
      refuse('NOT_AUTHORISED', 'R11', 'Only a parent who shares the child’s address may act for the child');
    }
  } else if (requester && requester.personId !== state.personId) {
    refuse('NOT_AUTHORISED', 'R12', 'From age 16 a person chooses their GP themselves');
  }
}

/**
 * The target list exists and is in force on `on` (R34), and no cancellation is registered for it: the
 * cancellation moved every patient the list had (R34b), so from then on it takes nobody new, even before
 * the day it ends (a patient admitted after the move would stay on a list that no longer exists).
 */
export function assertListActive(target: ListFacts | null, on: BusinessDate): ListFacts {
  if (!target?.exists) unknown('UNKNOWN_CONTRACT', 'No such contract');
  if (on < target.validFrom || (target.endsOn !== null && on >= target.endsOn)) {
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The contract is not in force on ${on}`);
  }
  if (target.endsOn !== null) {
    refuse(
      'CONTRACT_NOT_ACTIVE',
      'R34',
      `The contract is cancelled from ${target.endsOn}: its patients were moved and it takes no new ones`,
    );
  }
  return target;
}

/** R32: barred from the list, or from the GP now holding it. */
export function assertNotBarred(state: PersonState, target: ListFacts): void {
  const barred = state.barred.some(
    (b) => b.contractId === target.contractId || b.hprs.some((hpr) => target.fastlegeHprs.includes(hpr)),
  );
  if (barred)
    refuse(
      'BARRED_FROM_LIST',
      'R32',
      'The person was removed from this GP’s list and may not choose it again',
    );
}

/** ALREADY_ON_LIST (R6): on (or about to join) the target on the effective date. */
export function assertNotAlreadyOn(state: PersonState, contractId: string, from: BusinessDate): void {
  const on = linkOn(state, from);
  const pending = liveLinks(state).find((l) => l.from >= from && l.contractId === contractId);
  if (on?.contractId === contractId || pending) {
    refuse('ALREADY_ON_LIST', 'R6', 'The person is already on that list from the effective date');
  }
}

/**
 * OVERLAPPING_PERIOD (§2.6): a person's links never overlap. A link that starts on or after `from` and
 * is in force by `today` cannot be replaced as a pending one is (§4.3): a placement from `from` would
 * overlap it.
 */
export function assertNoLinkInForceFrom(state: PersonState, from: BusinessDate, today: BusinessDate): void {
  const later = liveLinks(state).find((l) => l.from >= from && l.from <= today);
  if (later)
    refuse(
      'OVERLAPPING_PERIOD',
      '§2.6',
      `The person is on ${later.contractId} from ${later.from}; a placement from ${from} would overlap it`,
    );
}

/** R17: effective the 1st of the month after registration; never before the scheme started (§3.10). */
export function effectiveDate(today: BusinessDate, rules: RegisterRules): BusinessDate {
  const next = firstOfNextMonth(today);
  return [next, rules.schemeStart].sort()[1];
}
