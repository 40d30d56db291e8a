import { StreamDeletedError } from '../errors';
import type { ValidEvent } from '../validation';
import type { ImportBatch } from './bulk-import';
import type { StoredRecord } from './records';
import { STREAM_INDEX_MERGE_THRESHOLD, streamIndexMergeThreshold } from './stream-buffer';
import type { WriteContext, WriteOperation } from './writer';

/**
 * One bulk-import batch inside the writer's transaction, in two phases so a refusal writes nothing:
 * first every event is decided exactly as a single-event `any` append would be (`decideAppend`: an id
 * already written to the same stream is skipped, a tombstoned stream refuses), against the store plus
 * what this batch placed before it; then the log is appended in position order, the ids are written in
 * key order, and the stream index entries and stream states are held back (stream-buffer.ts) and merged
 * in key order once `merge.threshold` events (default: streamIndexMergeThreshold) are held back and at the import's last batch: one pass over
 * each B-tree's pages instead of a random page per event. Returns the number of events written.
 */
/** The batch's own copy of a stream's state, updated in place as its events are placed. */
interface StreamStateCopy {
  l: number;
  t: number;
  d: boolean;
  x: boolean;
}

export function importBatchOperation(
  batch: ImportBatch,
  recordedAt: number,
  merge: { readonly threshold?: number; readonly last: boolean },
): WriteOperation<number> {
  return (ctx) => {
    const { events, streams } = batch;
    // The batch's own copies of the states it touches, updated in place as events are placed.
    const states = new Map<string, StreamStateCopy>();
    const { known, ordered } = knownIds(ctx, events);
    // Ids in increasing order, none of them in the store (a fresh import of generated ids): no event can
    // be a retry of an earlier one, so none is looked up or remembered by its id.
    const fresh = ordered && known.size === 0;
    // id -> index in `written` of the last event placed with it (a retried id inside one batch); a fresh
    // batch never needs it.
    const placed = fresh ? null : new Map<string, number>();
    // Phase 1: decide; nothing is written yet (a throw leaves the transaction untouched).
    const written: number[] = [];
    const revisions: number[] = [];
    // The state object of each written event's stream (its state after the whole batch, in the end).
    const stateOf: StreamStateCopy[] = [];
    for (let k = 0; k < events.length; k++) {
      const stream = streams[k]!;
      let state = states.get(stream);
      if (!state) {
        const stored = ctx.streams.state(stream);
        state = { l: stored.l, t: stored.t, d: stored.d, x: stored.x };
        states.set(stream, state);
      }
      // As a single-event append with expected revision any (decideAppend): a tombstone refuses, the same
      // id already written to this stream is skipped (exact idempotency), anything else is written.
      if (state.x) throw new StreamDeletedError(stream);
      if (placed) {
        const { id } = events[k]!;
        if (writtenTo(ctx, id, placed, written, streams, known) === stream) continue;
        placed.set(id, written.length);
      }
      // Appending to a soft-deleted stream undeletes it; revisions continue (ESDB-PROTOCOL §2.5).
      state.l += 1;
      state.d = false;
      written.push(k);
      revisions.push(state.l);
      stateOf.push(state);
    }
    let head = -1;
    if (written.length > 0) {
      // Phase 2: write. Positions are consecutive, so the k-th written event is at first + k.
      const first = writeLog(ctx, batch, written, revisions, recordedAt);
      for (let w = 0; w < written.length; w++) {
        ctx.streams.append(streams[written[w]!]!, revisions[w]!, first + w, stateOf[w]!);
      }
      head = first + written.length - 1;
      if (fresh) ctx.ids.writeInOrder(events, first, head);
      else {
        for (let w = 0; w < written.length; w++) ctx.ids.record(events[written[w]!]!.id, first + w);
        ctx.ids.sweep(head);
      }
    }
    const threshold =
      merge.threshold ?? (head < 0 ? STREAM_INDEX_MERGE_THRESHOLD : streamIndexMergeThreshold(head));
    if (merge.last || ctx.streams.size >= threshold) ctx.streams.flush();
    return written.length;
  };
}

/** The stream an id was last written to: earlier in this batch, or in the store; undefined when never. */
function writtenTo(
  { dbs }: WriteContext,
  id: string,
  placed: Map<string, number>,
  written: readonly number[],
  streams: readonly string[],
  known: Map<string, number>,
): string | undefined {
  const w = placed.get(id);
  if (w !== undefined) return streams[written[w]!];
  const position = known.get(id);
  if (position === undefined) return undefined;
  return (dbs.log.get(position) as StoredRecord).s;
}

/**
 * Positions of the batch's ids already written (one range probe first: usually none are), and whether
 * the ids are in strictly increasing order (then none appears twice in the batch).
 */
function knownIds(
  { ids }: WriteContext,
  events: readonly ValidEvent[],
): { known: Map<string, number>; ordered: boolean } {
  let low = events[0]?.id ?? '';
  let high = low;
  let ordered = true;
  for (let k = 1; k < events.length; k++) {
    const { id } = events[k]!;
    if (id <= events[k - 1]!.id) ordered = false;
    if (id < low) low = id;
    else if (id > high) high = id;
  }
  const known = new Map<string, number>();
  if (events.length === 0) return { known, ordered };
  const probe = ids.probeRange(low, high);
  for (const { id } of events) {
    const position = probe(id);
    if (position !== undefined) known.set(id, position);
  }
  return { known, ordered };
}

/** Appends the written events to the log; returns the first position. */
function writeLog(
  { dbs, allocatePosition }: WriteContext,
  { events, streams }: ImportBatch,
  written: readonly number[],
  revisions: readonly number[],
  recordedAt: number,
): number {
  let first = 0;
  for (let w = 0; w < written.length; w++) {
    const k = written[w]!;
    const event = events[k]!;
    const position = allocatePosition();
    if (w === 0) first = position;
    const record: StoredRecord = {
      i: event.id,
      t: event.type,
      d: event.data,
      m: event.metadata,
      s: streams[k]!,
      r: revisions[w]!,
      a: recordedAt,
      j: event.isJson,
    };
    dbs.log.putSync(position, record, { append: true });
  }
  return first;
}
