import type { ListStatus } from '../events';

/**
 * R14: a list that opens takes in this many new inhabitants and then closes again, until the daily
 * job finds enough free places anew ("Den tar da inn 10 nye innbyggere"); fixed by the source.
 */
export const LIST_INTAKE_BATCH = 10;

/** What the daily job knows of one list when it recomputes its status (R14). */
export interface ListStatusFacts {
  readonly status: ListStatus;
  readonly freePlaces: number;
  /** Arrivals since the daily job last opened the list; null when it did not open it. */
  readonly arrivalsSinceOpening: number | null;
  /** The list closed in this run: it does not open again before the next run. */
  readonly closedInThisRun: boolean;
  /** Free places at which a closed list opens (setting `listOpeningThreshold`, default 10). */
  readonly openingThreshold: number;
}

/** R14: has a list the daily job opened taken in its batch? */
export function intakeTaken(arrivalsSinceOpening: number | null): boolean {
  return arrivalsSinceOpening !== null && arrivalsSinceOpening >= LIST_INTAKE_BATCH;
}

/**
 * R14: the status the daily job gives a list. Locked stays locked (set by hand); an open list closes
 * when it has no free place or has taken in its batch; a closed list opens at the threshold of free
 * places, not in the run that closed it.
 */
export function recomputedListStatus(f: ListStatusFacts): ListStatus {
  if (f.status === 'locked') return 'locked';
  if (f.status === 'open')
    return f.freePlaces <= 0 || intakeTaken(f.arrivalsSinceOpening) ? 'closed' : 'open';
  return f.freePlaces >= f.openingThreshold && !f.closedInThisRun ? 'open' : 'closed';
}
