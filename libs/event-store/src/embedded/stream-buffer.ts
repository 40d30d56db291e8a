import type { Transaction } from 'lmdb';
import type { StoreDatabases } from './lmdb-env';
import { NO_STREAM_STATE, type StoredRecord, type StreamState } from './records';
import { putRun } from './stream-index';

const INDEXED_UP_TO = 'streams-indexed-up-to';
/** Bulk-imported events whose stream index entries and stream states are held back for one sorted merge, at least. */
export const STREAM_INDEX_MERGE_THRESHOLD = 2_000_000;
/** ... and at most (the memory a bulk import holds back stays bounded, however long the log). */
export const STREAM_INDEX_MERGE_MAX = 8_000_000;

/**
 * How many held-back events a bulk import merges at, by default, once the log's head is at `head`: a
 * quarter of the log, between STREAM_INDEX_MERGE_THRESHOLD and STREAM_INDEX_MERGE_MAX. Each merge
 * rewrites pages all over the stream index, which grows with the log, so merging at a fixed count
 * makes the import's cost per event grow with the log; merging less often as it grows keeps that
 * cost flatter (measured at 5.4 M events: 11 % less CPU per event merging once than every 2 M).
 */
export function streamIndexMergeThreshold(head: number): number {
  return Math.min(STREAM_INDEX_MERGE_MAX, Math.max(STREAM_INDEX_MERGE_THRESHOLD, Math.floor(head / 4)));
}

interface PendingStream {
  state: StreamState;
  /** Revision of `positions[0]`. */
  readonly fromRevision: number;
  readonly positions: number[];
}

/**
 * The stream index (`[stream, revision] -> position`) and stream states of a bulk import, held back and
 * merged in large sorted runs. A bulk import writes events of millions of streams in an order that has
 * nothing to do with the streams' key order, so writing each event's index entry and state at once
 * rewrites a random B-tree page per event: at national size (tens of millions of events, millions of
 * streams) that made the import write tens of kilobytes per event and collapse once the files outgrew
 * memory. Held back over a few million events, each merge rewrites each page of the two trees once.
 *
 * The ordinary append and delete operations write through (`flush` first, then their own entries), so
 * outside a running bulk import the index is always complete. During one, stream reads (not `$all`) see
 * the streams as of the last merge; the import merges before it returns. `meta` records the position up
 * to which the index is complete; a writer that opens a store left behind by a crash re-reads the log after
 * it and merges it before its first write (`GroupCommitWriter`), so a kill loses nothing.
 */
export class StreamIndexBuffer {
  private pending = new Map<string, PendingStream>();
  private events = 0;
  private indexedUpTo = 0;
  /** Whether `meta` holds the marker (a store written before it existed has none until its next write). */
  private markerStored = false;

  constructor(
    private readonly dbs: StoreDatabases,
    head: number,
  ) {
    this.load(head);
  }

  /** Reads the marker and holds back again the events after it (none unless a writer was killed mid-import). */
  private load(head: number): void {
    const marker = this.dbs.meta.get(INDEXED_UP_TO) as number | undefined;
    // A store written before the marker existed wrote every index entry at once: complete.
    this.markerStored = marker !== undefined;
    this.indexedUpTo = marker ?? head;
    for (const { key, value } of this.dbs.log.getRange({ start: this.indexedUpTo + 1, end: head + 1 })) {
      const record = value as StoredRecord;
      const before = this.state(record.s);
      this.append(record.s, record.r, key as number, { l: record.r, t: before.t, d: false, x: false });
    }
  }

  /** Events held back. */
  get size(): number {
    return this.events;
  }

  /** The stream's state with the held-back events applied. */
  state(stream: string): StreamState {
    return this.pending.get(stream)?.state ?? this.dbs.streams.get(stream) ?? NO_STREAM_STATE;
  }

  /**
   * Holds back one event's index entry (inside the write transaction that writes the event); `state` is
   * the stream's state after it.
   */
  append(stream: string, revision: number, position: number, state: StreamState): void {
    if (!this.markerStored) {
      // The index is complete before this event: said in the same transaction, so a kill before the
      // first merge is recovered on reopen.
      this.dbs.meta.putSync(INDEXED_UP_TO, position - 1);
      this.indexedUpTo = position - 1;
      this.markerStored = true;
    }
    const held = this.pending.get(stream);
    if (held) {
      held.positions.push(position);
      held.state = state;
    } else {
      this.pending.set(stream, { state, fromRevision: revision, positions: [position] });
    }
    this.events++;
  }

  /** Writes what is held back, stream by stream in key order, inside the caller's write transaction. */
  flush(): void {
    if (this.events === 0) return;
    const streams = [...this.pending.keys()].sort();
    for (const stream of streams) {
      const held = this.pending.get(stream)!;
      putRun(this.dbs, stream, held.fromRevision + held.positions.length - 1, held.positions);
      this.dbs.streams.putSync(stream, held.state);
    }
    this.pending = new Map();
    this.events = 0;
  }

  /**
   * At the end of every write transaction that holds nothing back: records that the index is complete
   * up to `head`. The ordinary operations write through (after `flush`), so the marker never lags behind
   * written-through events and a replay after a crash only ever covers held-back appends.
   */
  settle(head: number): void {
    if (this.events > 0) return;
    if (this.indexedUpTo !== head || !this.markerStored) {
      this.dbs.meta.putSync(INDEXED_UP_TO, head);
      this.indexedUpTo = head;
      this.markerStored = true;
    }
  }

  /** After a failed transaction: forgets what it held and re-reads the held-back tail of the log. */
  reload(head: number): void {
    this.pending = new Map();
    this.events = 0;
    this.load(head);
  }
}

/** Position up to which the stream index and states are complete (the head when nothing is held back). */
export function streamsIndexedUpTo(dbs: StoreDatabases, head: number, transaction?: Transaction): number {
  const marker = dbs.meta.get(INDEXED_UP_TO, { transaction }) as number | undefined;
  return marker === undefined ? head : Math.min(marker, head);
}
