import type { Transaction } from 'lmdb';
import type { StoreDatabases } from './lmdb-env';

/**
 * The positions of a run of consecutive revisions of one stream: a number for a run of one, else the
 * positions in revision order. Stored under the key `[stream, last revision of the run]`.
 *
 * One entry per run rather than per event: an append of k events writes one entry, and a bulk import's
 * merge writes one entry per stream it held back, whatever the number of its events (one B-tree put
 * where there were k). A store written before runs existed holds runs of one, read the same way.
 */
export type IndexRun = number | readonly number[];

/** Above every revision: the end of a stream's key range. */
const AFTER_ALL = Number.MAX_SAFE_INTEGER;

/** Writes the run of `positions` ending at `lastRevision` (inside the caller's write transaction). */
export function putRun(
  dbs: StoreDatabases,
  stream: string,
  lastRevision: number,
  positions: readonly number[],
): void {
  if (positions.length === 0) return;
  dbs.streamIndex.putSync([stream, lastRevision], positions.length === 1 ? positions[0]! : positions);
}

function runLength(run: IndexRun): number {
  return typeof run === 'number' ? 1 : run.length;
}

function positionIn(run: IndexRun, last: number, revision: number): number | undefined {
  if (typeof run === 'number') return last === revision ? run : undefined;
  return run[run.length - 1 - (last - revision)];
}

/** The position of one revision of a stream, if indexed. */
export function positionAt(
  dbs: StoreDatabases,
  stream: string,
  revision: number,
  transaction?: Transaction,
): number | undefined {
  // The first run ending at or after the revision is the one holding it, if any does.
  for (const { key, value } of dbs.streamIndex.getRange({
    start: [stream, revision],
    end: [stream, AFTER_ALL],
    limit: 1,
    transaction,
  })) {
    return positionIn(value, key[1], revision);
  }
  return undefined;
}

/**
 * Up to `limit` positions of a stream's revisions `from`, `from + 1`, ... up to `to` inclusive, in
 * revision order, as `[revision, position]` pairs written into `out` (which is returned).
 */
export function positionsForward(
  dbs: StoreDatabases,
  stream: string,
  from: number,
  to: number,
  limit: number,
  out: Array<[number, number]> = [],
): Array<[number, number]> {
  if (limit <= 0 || from > to) return out;
  for (const { key, value } of dbs.streamIndex.getRange({
    start: [stream, from],
    end: [stream, AFTER_ALL],
  })) {
    const last = key[1];
    const first = last - runLength(value) + 1;
    for (let revision = Math.max(first, from); revision <= last; revision++) {
      if (revision > to || out.length >= limit) return out;
      out.push([revision, positionIn(value, last, revision)!]);
    }
  }
  return out;
}

/**
 * Up to `limit` positions of a stream's revisions `from`, `from - 1`, ... down to `downTo` inclusive,
 * as `[revision, position]` pairs written into `out` (which is returned).
 */
export function positionsBackward(
  dbs: StoreDatabases,
  stream: string,
  from: number,
  downTo: number,
  limit: number,
  out: Array<[number, number]> = [],
): Array<[number, number]> {
  if (limit <= 0 || from < downTo) return out;
  // The run holding `from` ends at or after it: found forwards, then the runs before it backwards.
  let next = from;
  for (const { key, value } of dbs.streamIndex.getRange({
    start: [stream, from],
    end: [stream, AFTER_ALL],
    limit: 1,
  })) {
    const last = key[1];
    const first = last - runLength(value) + 1;
    if (first > from) break;
    for (let revision = from; revision >= first; revision--) {
      if (revision < downTo || out.length >= limit) return out;
      out.push([revision, positionIn(value, last, revision)!]);
    }
    next = first - 1;
  }
  if (next < downTo) return out;
  for (const { key, value } of dbs.streamIndex.getRange({
    start: [stream, next],
    end: [stream, downTo - 1],
    reverse: true,
  })) {
    const last = key[1];
    const first = last - runLength(value) + 1;
    for (let revision = last; revision >= first; revision--) {
      if (revision < downTo || out.length >= limit) return out;
      out.push([revision, positionIn(value, last, revision)!]);
    }
  }
  return out;
}
