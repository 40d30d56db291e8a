import { addDays, addYears, ageOn } from '../../calendar';
import type { BusinessDate, ListStatus } from '../../events';
import { AGE_OF_SELF_DETERMINATION, effectiveDate, isChild } from '../../person/guards';
import type { PersonState } from '../../person/state';
import type { RegisterRules } from '../../rules/settings';

/**
 * The daily job's plan (§4.5), as plain data in and out: which residents go into which municipality's
 * queue, which lists take people and in what turn, the reason each placement carries, and whose
 * age-16 letter is due. The application carries the plan out one person at a time (each placement
 * is decided again by `PlaceAutomatically` / `PromoteFromWaitingList` on the person as known then).
 */

/** Why a person is placed automatically (§1.2, R7, R10, §3.10). */
export type AutomaticPlacementReason = 'INITIAL_2001' | 'AUTO_NEW_RESIDENT' | 'NEWBORN' | 'CHILD_WITH_PARENT';

/**
 * §3.10 (S55 "the initial distribution runs for start date 2001-06-01"): a run up to and including the
 * scheme's start is the initial distribution; after it, R7 places new residents.
 */
export function isInitialDistribution(date: BusinessDate, schemeStart: BusinessDate): boolean {
  return date <= schemeStart;
}

/**
 * When the job's placements take effect: the 1st after its date (R7, R17), but the initial
 * distribution places everyone from the scheme's start, even when run on that very day (§3.10).
 */
export function jobPlacementDate(date: BusinessDate, rules: RegisterRules): BusinessDate {
  return isInitialDistribution(date, rules.schemeStart) ? rules.schemeStart : effectiveDate(date, rules);
}

export function residentPlacementReason(
  date: BusinessDate,
  schemeStart: BusinessDate,
): AutomaticPlacementReason {
  return isInitialDistribution(date, schemeStart) ? 'INITIAL_2001' : 'AUTO_NEW_RESIDENT';
}

/** R10/R11: a child placed with a parent: a newborn (under one year) or an older child, or the initial run. */
export function childPlacementReason(
  child: Pick<PersonState, 'birthDate'>,
  date: BusinessDate,
  schemeStart: BusinessDate,
): AutomaticPlacementReason {
  if (isInitialDistribution(date, schemeStart)) return 'INITIAL_2001';
  return ageOn(child.birthDate, date) < 1 ? 'NEWBORN' : 'CHILD_WITH_PARENT';
}

/** What the plan needs to know about a municipality on the job's date. */
export interface MunicipalityPolicy {
  /** R9: automatic assignment is on in the person's municipality (by the number the person has). */
  autoAssignOn(municipality: string): boolean;
  /** §1.8: the number in force on the placement date (a renumbered municipality's lists are the same lists). */
  canonical(municipality: string): string;
}

/**
 * R7/R8/R9/R10/R11: the unassigned residents (longest waiting first) grouped by the municipality whose
 * lists take them, keeping that order. Where automatic assignment is off (R9) nobody is queued; a child
 * whose parent is queued in this run is left out: the child follows the parent's list afterwards.
 */
export function municipalityQueues(
  unassigned: readonly PersonState[],
  date: BusinessDate,
  policy: MunicipalityPolicy,
): Map<string, PersonState[]> {
  const queuedParents = new Set(
    unassigned.filter((p) => !isChild(p, date) && policy.autoAssignOn(p.municipality)).map((p) => p.personId),
  );
  const queues = new Map<string, PersonState[]>();
  for (const person of unassigned) {
    if (!policy.autoAssignOn(person.municipality)) continue;
    if (isChild(person, date) && person.parentIds.some((id) => queuedParents.has(id))) continue;
    const municipality = policy.canonical(person.municipality);
    const queue = queues.get(municipality);
    if (queue) queue.push(person);
    else queues.set(municipality, [person]);
  }
  return queues;
}

/** R14: a list takes people while it is open (its batch not yet taken in) and has a free place. */
export function takesMore(list: { readonly status: ListStatus; readonly freePlaces: number }): boolean {
  return list.status === 'open' && list.freePlaces > 0;
}

/** One placement the job tries on a list, in turn. */
export type PlannedPlacement =
  | { readonly kind: 'unassigned'; readonly personId: string; readonly reason: AutomaticPlacementReason }
  | { readonly kind: 'waiting'; readonly personId: string };

/**
 * R8/R22/R23: the turn in which a list is offered people: its municipality's unassigned residents first
 * (longest waiting first, R8), then its own waiting list, first come first served (R22/R23). The job
 * goes down this turn while the list `takesMore` (R14); someone the list may not take (R32) is skipped
 * and stays queued for the next list.
 */
export function listTurn(
  queue: readonly Pick<PersonState, 'personId'>[],
  waitingInTurn: readonly string[],
  reason: AutomaticPlacementReason,
): PlannedPlacement[] {
  return [
    ...queue.map((p) => ({ kind: 'unassigned' as const, personId: p.personId, reason })),
    ...waitingInTurn.map((personId) => ({ kind: 'waiting' as const, personId })),
  ];
}

/**
 * R12: the birthdays whose age-16 letter the job on `date` looks at: those who turned 16 in the last
 * 40 days, so a job that does not run every day (imports run it monthly) still writes to everyone; the
 * person's state remembers a letter sent, so nobody gets two.
 */
export const AGE_16_LETTER_LOOKBACK_DAYS = 40;
export function age16LetterBirthdays(date: BusinessDate): BusinessDate[] {
  const sixteenYearsAgo = addYears(date, -AGE_OF_SELF_DETERMINATION);
  const days: BusinessDate[] = [];
  for (
    let day = addDays(sixteenYearsAgo, -AGE_16_LETTER_LOOKBACK_DAYS);
    day <= sixteenYearsAgo;
    day = addDays(day, 1)
  )
    days.push(day);
  return days;
}

/** The order the job visits lists in: by contract id, so a re-run makes the same plan. */
export function listOrder(contractIds: Iterable<string>): string[] {
  return [...contractIds].sort();
}
