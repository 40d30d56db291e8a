import type { ImportEvent } from './bulk-import';
import { type DecisionView, decideAppend } from './decide';
import { type IdEntry, NO_STREAM_STATE, type StoredRecord, type StreamState } from './records';
import type { WriteContext, WriteOperation } from './writer';

interface Placed {
  readonly event: ImportEvent;
  readonly revision: number;
  readonly position: number;
}

/**
 * One bulk-import batch inside the writer's transaction, in two phases so a refusal writes nothing:
 * first every event is decided exactly as a single-event `any` append would be (`decideAppend`: an id
 * already written to the same stream is skipped, a tombstoned stream refuses), against the store plus
 * what this batch placed before it; then the log is appended in position order and the stream index,
 * stream states and id index are written in key order (one pass over each B-tree's pages instead of a
 * random page per event). Returns the number of events written.
 */
export function importBatchOperation(
  events: readonly ImportEvent[],
  recordedAt: number,
): WriteOperation<number> {
  return (ctx) => {
    const states = new Map<string, StreamState>();
    const placedIds = new Map<string, IdEntry>();
    const known = ctx.ids.lookupSorted([...new Set(events.map((event) => event.id))].sort());
    const view = batchView(ctx, states, placedIds, known);
    // Phase 1: decide, allocate nothing yet (a throw leaves the transaction untouched).
    const decided: { event: ImportEvent; revision: number }[] = [];
    for (const event of events) {
      const decision = decideAppend(view, event.stream, [event.id], 'any');
      if (decision.kind === 'idempotent') continue;
      const revision = decision.state.l + 1;
      // Appending to a soft-deleted stream undeletes it; revisions continue (ESDB-PROTOCOL §2.5).
      states.set(event.stream, { l: revision, t: decision.state.t, d: false, x: false });
      placedIds.set(event.id, [event.stream, revision, -1]);
      decided.push({ event, revision });
    }
    // Phase 2: write.
    const placed: Placed[] = decided.map(({ event, revision }) => ({
      event,
      revision,
      position: ctx.allocatePosition(),
    }));
    writeLog(ctx, placed, recordedAt);
    writeStreamIndex(ctx, placed);
    for (const stream of [...states.keys()].sort()) ctx.dbs.streams.putSync(stream, states.get(stream)!);
    for (const { event, position } of placed) ctx.ids.record(event.id, position);
    if (placed.length > 0) ctx.ids.sweep(placed.at(-1)!.position);
    return placed.length;
  };
}

/** The store as `decideAppend` sees it, with this batch's earlier decisions laid over it. */
function batchView(
  { dbs }: WriteContext,
  states: Map<string, StreamState>,
  placedIds: Map<string, IdEntry>,
  known: Map<string, number>,
): DecisionView {
  return {
    state: (stream) => {
      let state = states.get(stream);
      if (!state) {
        state = dbs.streams.get(stream) ?? NO_STREAM_STATE;
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

function writeLog({ dbs }: WriteContext, placed: readonly Placed[], recordedAt: number): void {
  for (const { event, revision, position } of placed) {
    const record: StoredRecord = {
      i: event.id,
      t: event.type,
      d: event.data,
      m: event.metadata,
      s: event.stream,
      r: revision,
      a: recordedAt,
      j: event.isJson,
    };
    dbs.log.putSync(position, record, { append: true });
  }
}

function writeStreamIndex({ dbs }: WriteContext, placed: readonly Placed[]): void {
  const order = placed.map((_, i) => i);
  order.sort((a, b) => {
    const x = placed[a]!;
    const y = placed[b]!;
    if (x.event.stream !== y.event.stream) return x.event.stream < y.event.stream ? -1 : 1;
    return x.revision - y.revision;
  });
  for (const i of order) {
    const { event, revision, position } = placed[i]!;
    dbs.streamIndex.putSync([event.stream, revision], position);
  }
}
