import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import type { ExpectedRevision } from '../port';
import type { IdEntry, StreamState } from './records';

/** What the writer may look up while deciding (inside the write transaction). */
export interface DecisionView {
  state(stream: string): StreamState;
  idEntry(id: string): IdEntry | undefined;
  /** Event id and position stored at a stream revision, if any. */
  atRevision(stream: string, revision: number): { id: string; position: number } | undefined;
}

export type AppendDecision =
  | { readonly kind: 'write'; readonly state: StreamState }
  | { readonly kind: 'idempotent'; readonly revision: number; readonly position: number };

function actualOf(state: StreamState): bigint | 'no_stream' {
  return state.l < 0 ? 'no_stream' : BigInt(state.l);
}

/**
 * EventStoreDB's CheckCommit (ESDB-PROTOCOL §2.1, §2.2), with exact idempotency: the id index never forgets.
 * Throws StreamDeletedError or WrongExpectedVersionError; never writes.
 */
export function decideAppend(
  view: DecisionView,
  stream: string,
  ids: readonly string[],
  expected: ExpectedRevision,
): AppendDecision {
  const state = view.state(stream);
  if (state.x) throw new StreamDeletedError(stream);
  const wev = () => new WrongExpectedVersionError(stream, expected, actualOf(state));
  if (expected === 'any' || expected === 'stream_exists') {
    if (expected === 'stream_exists') {
      if (state.d) throw new StreamDeletedError(stream);
      if (state.l < 0) throw wev();
    }
    if (ids.length === 0) return { kind: 'write', state };
    const first = view.idEntry(ids[0]!);
    if (!first || first[0] !== stream) return { kind: 'write', state };
    // The first id was written to this stream: all must match in sequence, or the retry is corrupt.
    let last = first;
    for (let k = 1; k < ids.length; k++) {
      const entry = view.idEntry(ids[k]!);
      if (!entry || entry[0] !== stream || entry[1] !== first[1] + k) throw wev();
      last = entry;
    }
    return { kind: 'idempotent', revision: last[1], position: last[2] };
  }
  // After a soft delete and undelete, revisions before `t` are gone: no_stream means "nothing visible".
  const expectedNumber = expected === 'no_stream' ? state.t - 1 : Number(expected);
  if (expected !== 'no_stream' && (typeof expected !== 'bigint' || expected < 0n)) throw wev();
  if (expectedNumber > state.l) throw wev();
  if (expectedNumber === state.l) return { kind: 'write', state };
  // expected < current: the same events again is idempotent; anything else is a conflict.
  if (ids.length === 0) throw wev();
  let matched: { id: string; position: number } | undefined;
  for (let k = 0; k < ids.length; k++) {
    matched = view.atRevision(stream, expectedNumber + 1 + k);
    if (!matched || matched.id !== ids[k]) throw wev();
  }
  return { kind: 'idempotent', revision: expectedNumber + ids.length, position: matched!.position };
}

/** Checks the expected revision of a delete or tombstone; returns false when there is nothing to do. */
export function decideDelete(
  state: StreamState,
  stream: string,
  expected: ExpectedRevision,
  tombstone: boolean,
): boolean {
  if (state.x) throw new StreamDeletedError(stream);
  const wev = () => new WrongExpectedVersionError(stream, expected, actualOf(state));
  // EventStoreDB refuses to soft-delete a stream that was never written, even with any (KurrentDB#4637).
  if (!tombstone && state.l < 0) throw wev();
  if (expected === 'any') return tombstone || !state.d;
  if (expected === 'stream_exists') {
    if (state.d) throw new StreamDeletedError(stream);
    if (state.l < 0) throw wev();
    return true;
  }
  if (expected === 'no_stream') {
    // A missing stream can be tombstoned (the name is then reserved forever), not soft-deleted.
    if (state.l >= 0 || !tombstone) throw wev();
    return true;
  }
  if (state.d && !tombstone) throw new StreamNotFoundError(stream);
  if (BigInt(state.l) !== expected) throw wev();
  return true;
}
