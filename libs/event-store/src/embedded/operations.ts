import type { AppendResult, DeleteResult, ExpectedRevision } from '../port';
import type { ValidEvent } from '../validation';
import { type DecisionView, decideAppend, decideDelete } from './decide';

import { NO_STREAM_STATE, type StoredRecord } from './records';
import { positionAt, putRun } from './stream-index';
import type { WriteContext, WriteOperation } from './writer';

function viewOf({ dbs, ids }: WriteContext): DecisionView {
  return {
    state: (stream) => dbs.streams.get(stream) ?? NO_STREAM_STATE,
    idEntry: (id) => {
      const position = ids.lookup(id);
      if (position === undefined) return undefined;
      const record = dbs.log.get(position) as StoredRecord;
      return [record.s, record.r, position];
    },
    atRevision: (stream, revision) => {
      const position = positionAt(dbs, stream, revision);
      if (position === undefined) return undefined;
      return { id: (dbs.log.get(position) as StoredRecord).i, position };
    },
  };
}

/** Decides, then writes log, stream index, id index and stream state in the shared transaction. */
export function appendOperation(
  stream: string,
  events: readonly ValidEvent[],
  expected: ExpectedRevision,
  recordedAt: number,
): WriteOperation<AppendResult> {
  return (ctx) => {
    const { dbs, allocatePosition, ids } = ctx;
    // A bulk import's held-back index entries first: the decision reads the index and the states.
    ctx.streams.flush();
    const decision = decideAppend(
      viewOf(ctx),
      stream,
      events.map((event) => event.id),
      expected,
    );
    if (decision.kind === 'idempotent') {
      return { nextExpectedRevision: BigInt(decision.revision), position: BigInt(decision.position) };
    }
    const state = decision.state;
    let revision = state.l;
    let position = 0;
    const positions: number[] = [];
    for (const event of events) {
      revision++;
      position = allocatePosition();
      const record: StoredRecord = {
        i: event.id,
        t: event.type,
        d: event.data,
        m: event.metadata,
        s: stream,
        r: revision,
        a: recordedAt,
        j: event.isJson,
      };
      dbs.log.putSync(position, record, { append: true });
      positions.push(position);
      ids.record(event.id, position);
    }
    putRun(dbs, stream, revision, positions);
    if (events.length > 0 || state.d) {
      // Appending to a soft-deleted stream undeletes it; revisions continue (ESDB-PROTOCOL §2.5).
      dbs.streams.putSync(stream, { l: revision, t: state.t, d: false, x: false });
    }
    return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
  };
}

/** Soft delete (hides the stream until the next append) or tombstone (forever). */
export function deleteOperation(
  stream: string,
  expected: ExpectedRevision,
  tombstone: boolean,
): WriteOperation<DeleteResult> {
  return ({ dbs, streams }) => {
    streams.flush();
    const state = dbs.streams.get(stream) ?? NO_STREAM_STATE;
    if (!decideDelete(state, stream, expected, tombstone)) return { position: null };
    dbs.streams.putSync(stream, tombstone ? { ...state, x: true } : { ...state, t: state.l + 1, d: true });
    return { position: null };
  };
}
