import type { ImportEvent } from './bulk-import';
import { type DecisionView, decideAppend } from './decide';
import type { IdEntry, StoredRecord, StreamState } from './records';
import type { WriteContext, WriteOperation } from './writer';

/**
 * One bulk-import batch inside the writer's transaction, in two phases so a refusal writes nothing:
 * first every event is decided exactly as a single-event `any` append would be (`decideAppend`: an id
 * already written to the same stream is skipped, a tombstoned stream refuses), against the store plus
 * what this batch placed before it; then the log is appended in position order, the ids are written in
 * key order, and the stream index entries and stream states are held back (stream-buffer.ts) and merged
 * in key order once `merge.threshold` events are held back and at the import's last batch: one pass over
 * each B-tree's pages instead of a random page per event. Returns the number of events written.
 */
export function importBatchOperation(
  events: readonly ImportEvent[],
  recordedAt: number,
  merge: { readonly threshold: number; readonly last: boolean },
): WriteOperation<number> {
  return (ctx) => {
    const states = new Map<string, StreamState>();
    const placedIds = new Map<string, IdEntry>();
    const view = batchView(ctx, states, placedIds, knownIds(ctx, events));
    // Phase 1: decide; nothing is allocated or written yet (a throw leaves the transaction untouched).
    const written: ImportEvent[] = [];
    const revisions: number[] = [];
    for (const event of events) {
      const decision = decideAppend(view, event.stream, [event.id], 'any');
      if (decision.kind === 'idempotent') continue;
      const revision = decision.state.l + 1;
      // Appending to a soft-deleted stream undeletes it; revisions continue (ESDB-PROTOCOL §2.5).
      states.set(event.stream, { l: revision, t: decision.state.t, d: false, x: false });
      placedIds.set(event.id, [event.stream, revision, -1]);
      written.push(event);
      revisions.push(revision);
    }
    if (written.length > 0) {
      // Phase 2: write. Positions are consecutive, so the k-th written event is at first + k.
      const first = writeLog(ctx, written, revisions, recordedAt);
      for (let k = 0; k < written.length; k++) {
        const event = written[k]!;
        ctx.streams.append(event.stream, revisions[k]!, first + k, states.get(event.stream)!);
        ctx.ids.record(event.id, first + k);
      }
      ctx.ids.sweep(first + written.length - 1);
    }
    if (merge.last || ctx.streams.size >= merge.threshold) ctx.streams.flush();
    return written.length;
  };
}

/** Positions of the batch's ids already written (one range probe first: usually none are). */
function knownIds({ ids }: WriteContext, events: readonly ImportEvent[]): Map<string, number> {
  let low = events[0]?.id ?? '';
  let high = low;
  for (const { id } of events) {
    if (id < low) low = id;
    else if (id > high) high = id;
  }
  const found = new Map<string, number>();
  if (events.length === 0) return found;
  const probe = ids.probeRange(low, high);
  for (const { id } of events) {
    const position = probe(id);
    if (position !== undefined) found.set(id, position);
  }
  return found;
}

/** The store as `decideAppend` sees it, with this batch's earlier decisions laid over it. */
function batchView(
  { dbs, streams }: WriteContext,
  states: Map<string, StreamState>,
  placedIds: Map<string, IdEntry>,
  known: Map<string, number>,
): DecisionView {
  return {
    state: (stream) => {
      let state = states.get(stream);
      if (!state) {
        state = streams.state(stream);
        states.set(stream, state);
      }
      return state;
    },
    idEntry: (id) => {
      const placed = placedIds.get(id);
      if (placed) return placed;
      const position = known.get(id);
      if (position === undefined) return undefined;
      const record = dbs.log.get(position) as StoredRecord;
      return [record.s, record.r, position];
    },
    atRevision: () => {
      throw new Error('bulk import decides with expected revision any only');
    },
  };
}

/** Appends the written events to the log; returns the first position. */
function writeLog(
  { dbs, allocatePosition }: WriteContext,
  written: readonly ImportEvent[],
  revisions: readonly number[],
  recordedAt: number,
): number {
  let first = 0;
  for (let k = 0; k < written.length; k++) {
    const event = written[k]!;
    const position = allocatePosition();
    if (k === 0) first = position;
    const record: StoredRecord = {
      i: event.id,
      t: event.type,
      d: event.data,
      m: event.metadata,
      s: event.stream,
      r: revisions[k]!,
      a: recordedAt,
      j: event.isJson,
    };
    dbs.log.putSync(position, record, { append: true });
  }
  return first;
}
