import { ageOn, firstOfNextMonth } from '../calendar';
import type { BusinessDate } from '../events';
import type { RegisterRules } from '../rules/settings';
import { refuse, unknown } from '../shared/refusals';
import type { ListFacts, PersonContext } from './person.commands';
import type { PersonState } from './person.state';

/** R12: from this age a person acts alone. */
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

/** R11/R12: under 16 a parent sharing the address acts; from 16 the person acts alone. */
export function assertActsForThemselves(state: PersonState, ctx: PersonContext): void {
  const age = ageOn(state.birthDate, ctx.today);
  const requester = ctx.requester ?? null;
  if (age < AGE_OF_SELF_DETERMINATION) {
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

/** The target list exists and is in force on `on` (R34). */
export function assertListActive(target: ListFacts | undefined, on: BusinessDate): ListFacts {
  if (!target?.exists) unknown('UNKNOWN_CONTRACT', 'No such contract');
  if (on < target.validFrom || (target.endsOn !== null && on >= target.endsOn)) {
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The contract is not in force on ${on}`);
  }
  return target;
}

/** R32: barred from the list, or from the GP now holding it. */
export function assertNotBarred(state: PersonState, target: ListFacts): void {
  const barred = state.barred.some(
    (b) => b.contractId === target.contractId || (b.hpr !== null && target.fastlegeHprs.includes(b.hpr)),
  );
  if (barred)
    refuse(
      'BARRED_FROM_LIST',
      'R32',
      'The person was removed from this GP’s list and may not choose it again',
    );
}

/** R17: effective the 1st of the month after registration; never before the scheme started (§3.10). */
export function effectiveDate(today: BusinessDate, rules: RegisterRules): BusinessDate {
  const next = firstOfNextMonth(today);
  return [next, rules.schemeStart].sort()[1];
}
