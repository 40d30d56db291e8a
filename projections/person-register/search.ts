import { AGE_OF_SELF_DETERMINATION, ageOn } from '@flr/domain';
import { currentAndPendingOf, historyOfPerson } from '../link-index/queries';
import type { LinkIndex } from '../link-index/model';
import { knownAt, type PersonRegister, type PersonRow } from './model';

export type SearchStatus = 'resident' | 'dead' | 'emigrated' | 'opted-out';

/** Name-free criteria of the administrators' person search; every given criterion must hold. */
export interface PersonSearch {
  readonly municipality?: string;
  readonly status?: SearchStatus;
  /** true: no current and no pending list on `at`; false: has one. */
  readonly withoutGp?: boolean;
  /** true: on a waiting list now; false: not. */
  readonly onWaitingList?: boolean;
}

export interface PersonSearchHit {
  nin: string;
  birthDate: string;
  municipality: string;
  status: SearchStatus;
  contractId: string | null;
  waitingListContractId: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  next?: string;
}

function statusOf(row: PersonRow): SearchStatus {
  return row.status !== 'resident' ? row.status : row.optedOut ? 'opted-out' : 'resident';
}

function listOf(index: LinkIndex, row: PersonRow, at: string): string | null {
  const person = index.personOf(row.personId);
  if (person < 0) return null;
  const lists = currentAndPendingOf(index, person, at);
  return (lists.current ?? lists.pending)?.contractId ?? null;
}

/**
 * The register's persons as known now (statuses, residence, waiting lists) with their list on
 * `at`, in registration order; `cursor` is the registration ordinal after which to go on.
 */
export function searchPersons(
  register: PersonRegister,
  index: LinkIndex,
  criteria: PersonSearch,
  at: string,
  page: { readonly limit: number; readonly cursor?: number },
): Page<PersonSearchHit> {
  const items: PersonSearchHit[] = [];
  let lastReturned = -1;
  const wanted = criteria.municipality;
  const livingIn =
    wanted === undefined ? undefined : (number: string) => register.canonical(number, at) === wanted;
  for (const [ordinal, row] of register.rows.entries(
    page.cursor === undefined ? 0 : page.cursor + 1,
    livingIn,
  )) {
    const municipality = register.canonical(row.municipality, at);
    if (criteria.municipality !== undefined && municipality !== criteria.municipality) continue;
    const status = statusOf(row);
    if (criteria.status !== undefined && status !== criteria.status) continue;
    if (criteria.onWaitingList !== undefined && (row.waiting !== null) !== criteria.onWaitingList) continue;
    const contractId = listOf(index, row, at);
    if (criteria.withoutGp !== undefined && (contractId === null) !== criteria.withoutGp) continue;
    // A further match exists: the page is full and the next one starts after the last returned.
    if (items.length === page.limit) return { items, next: String(lastReturned) };
    lastReturned = ordinal;
    items.push({
      nin: row.nin,
      birthDate: row.birthDate,
      municipality,
      status,
      contractId,
      waitingListContractId: row.waiting?.contractId ?? null,
    });
  }
  return { items };
}

export interface UnassignedResident {
  nin: string;
  birthDate: string;
  /** Without a list since (registration, moving in or the end of the last list), oldest first (R8). */
  since: string;
  /** D-number holders are placed by hand (§1.2); others by the daily job (R7) unless the municipality switched it off (R9). */
  placement: 'automatic' | 'by-hand';
  waitingListContractId: string | null;
}

/**
 * Ufordelte (§2.8): entitled residents of the municipality who have not opted out and have no
 * current or pending list on `at`, longest without a list first (R8), then by nin.
 */
export function unassignedResidents(
  register: PersonRegister,
  index: LinkIndex,
  municipality: string,
  at: string,
  /** R9: automatic assignment is on for a resident registered under this number (default: on). */
  autoAssignOn: (number: string) => boolean = () => true,
): UnassignedResident[] {
  const out: UnassignedResident[] = [];
  for (const row of register.rows.values((number) => register.canonical(number, at) === municipality)) {
    if (row.status !== 'resident' || row.optedOut) continue;
    if (row.ninKind === 'DNR' && row.entitlement === null) continue; // R2: not entitled
    if (register.canonical(row.municipality, at) !== municipality) continue;
    const person = index.personOf(row.personId);
    let since = row.registeredOn;
    if (person >= 0) {
      const lists = currentAndPendingOf(index, person, at);
      if (lists.current || lists.pending) continue;
      for (const link of historyOfPerson(index, person))
        if (link.period.to !== null && link.period.to <= at && link.period.to > since) since = link.period.to;
    }
    // R42: opting back in makes the person ufordelt from then; time opted out is no time waiting (R8).
    for (const fact of row.lifeEvents ?? [])
      if (fact[1] === 'optedIn' && knownAt(fact, undefined) && fact[0] <= at && fact[0] > since)
        since = fact[0];
    out.push({
      nin: row.nin,
      birthDate: row.birthDate,
      since,
      placement: placementOf(row, at, autoAssignOn),
      waitingListContractId: row.waiting?.contractId ?? null,
    });
  }
  return out.sort((a, b) => (a.since !== b.since ? (a.since < b.since ? -1 : 1) : a.nin < b.nin ? -1 : 1));
}

/**
 * Who places an unassigned resident: Helfo by hand for D-number holders (§1.2) and, where the
 * municipality switched automatic assignment off (R9), for everyone but children under 16, whom the
 * daily job still places with a parent; otherwise the daily job (R7).
 */
function placementOf(
  row: PersonRow,
  at: string,
  autoAssignOn: (number: string) => boolean,
): 'automatic' | 'by-hand' {
  if (row.ninKind === 'DNR') return 'by-hand';
  if (autoAssignOn(row.municipality)) return 'automatic';
  return ageOn(row.birthDate, at) < AGE_OF_SELF_DETERMINATION ? 'automatic' : 'by-hand';
}
