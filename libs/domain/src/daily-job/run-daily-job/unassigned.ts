import { osloDateOf } from '../../calendar';
import type { BusinessDate, Instant, PersonEvent } from '../../events';
import { isChild } from '../../person/guards';
import { linkOn, liveLinks } from '../../person/queries';
import type { PersonState } from '../../person/state';

/**
 * R7: a resident entitled to a list who has neither a list on `from` nor one coming; opted-out
 * persons wait for nothing, and D-number holders are placed by hand.
 */
export function awaitsPlacement(person: PersonState, from: BusinessDate): boolean {
  if (person.status !== 'resident' || person.optedOut || person.ninKind === 'DNR') return false;
  return !linkOn(person, from) && !liveLinks(person).some((l) => l.from > from);
}

/** Ends of a link that are not a lack of a list: a change has its successor, the rest leave the scheme. */
const ENDS_WITHOUT_LACK: ReadonlySet<string> = new Set(['CHANGED', 'DEATH', 'EMIGRATION', 'OPT_OUT']);

/**
 * R7: what a person event says about the person lacking a list, for the job's candidate index:
 * `may-lack` (the job must look at the person: registered, link ended without a successor, back in
 * the scheme), `has-list` (listed, or out of the scheme: dead, emigrated), `unchanged` otherwise.
 * `wasEmigrated`: the person was emigrated before this event (a move then means they came back).
 */
export function listLackAfter(
  event: PersonEvent,
  wasEmigrated: boolean,
): 'may-lack' | 'has-list' | 'unchanged' {
  switch (event.type) {
    case 'PersonRegistered':
    case 'PersonOptedIn':
      return 'may-lack';
    case 'PatientListed':
    case 'PatientUnlistingAnnulled':
    case 'PersonDied':
    case 'PersonEmigrated':
      return 'has-list';
    case 'PatientUnlisted':
      return ENDS_WITHOUT_LACK.has(event.data.endReason) ? 'unchanged' : 'may-lack';
    case 'PersonMoved':
      return wasEmigrated ? 'may-lack' : 'unchanged';
    case 'PendingListingWithdrawn':
      return event.data.reason === 'LEFT_SCHEME' ? 'unchanged' : 'may-lack';
    case 'FactAnnulled':
      // A wrong death, emigration or opt-out annulled: back in the scheme.
      return event.data.annulledType === 'PersonMoved' || event.data.annulledType === 'PatientListed'
        ? 'unchanged'
        : 'may-lack';
    default:
      return 'unchanged';
  }
}

/**
 * R8: longest without a list first (by the record time since when the person may lack one), compared
 * as instants: record times keep the UTC offset they were sent with, so their text is no order.
 */
export function longestWaitingFirst<T>(candidates: readonly (readonly [since: string, candidate: T])[]): T[] {
  const instant = (since: string) => {
    const ms = Date.parse(since);
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  return [...candidates]
    .map(([since, c]) => [instant(since), since, c] as const)
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, , c]) => c);
}

/** A parent as R10/R11 look at them: their list on the placement date and whether it is locked. */
export interface ParentListing {
  readonly parent: PersonState;
  readonly contractId: string | null;
  readonly locked: boolean;
}

/**
 * R10/R11: an unassigned child under 16 goes on the mother's list when she shares the child's
 * household, else a parent's in the same household, else the mother's, else the other parent's —
 * full or not, never a locked one. Null: no parent has a list to take the child.
 */
export function parentListFor(
  child: PersonState,
  date: BusinessDate,
  parents: readonly ParentListing[],
): string | null {
  if (!isChild(child, date)) return null;
  const rank = (p: PersonState) =>
    (child.householdId !== null && p.householdId === child.householdId ? 0 : 2) +
    (p.sex === 'female' ? 0 : 1);
  const ranked = [...parents].sort((a, b) => rank(a.parent) - rank(b.parent));
  return ranked.find((p) => p.contractId !== null && !p.locked)?.contractId ?? null;
}

/**
 * R22/R23: a list's waiting queue in turn, first come first served (by the instant of joining), of
 * those who joined by the end of the job's `date` (API.md: facts registered up to that day).
 */
export function waitingInTurn(
  entries: Iterable<readonly [personId: string, joinedAt: Instant]>,
  date: BusinessDate,
): string[] {
  return [...entries]
    .filter(([, joinedAt]) => osloDateOf(joinedAt) <= date)
    .sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([personId]) => personId);
}
