import type { EventData } from '../port';
import { MaxAppendSizeExceededError } from '../errors';
import { plainJsonSize } from '../plain-json';
import { type ValidEvent, validateEventInto, validateStreamName } from '../validation';
import { importBatchOperation } from './bulk-batch';

import type { GroupCommitWriter } from './writer';

/** One event of a bulk import: the stream it goes to and the event itself. */
export interface BulkImportEvent extends EventData {
  readonly stream: string;
}

export interface BulkImportOptions {
  /** Events per LMDB transaction and fsync (default 50,000). */
  readonly batchSize?: number;
  /**
   * Events whose stream index entries and stream states are held back and merged in one sorted pass
   * (default: a quarter of the log, between 2 M and 8 M; `streamIndexMergeThreshold` in stream-buffer.ts).
   * Stream reads lag by at most this many events during the import.
   */
  readonly indexMergeEvery?: number;
  /** Bytes of type + data + metadata per event (the store's append limit). */
  readonly maxAppendSize: number;
  /** Called after each committed (synced) batch with the events read so far. */
  readonly onBatch?: (progress: BulkImportResult) => void;
}

export interface BulkImportResult {
  /** Events read from the input. */
  readonly events: number;
  /** Events written; the others were already in the log (same id, same stream) and skipped. */
  readonly written: number;
  /** Transactions committed (each fsynced before the next is submitted). */
  readonly batches: number;
}

export const DEFAULT_BULK_BATCH_SIZE = 50_000;

/** The bytes a validated event counts towards the append size, given its bound (exact for binary data). */
function exactSize(event: ValidEvent, bound: number): number {
  return event.isJson ? plainJsonSize(event.data) : bound;
}

/** A batch of input events after validation: `events[k]` goes to `streams[k]` (side by side, no object per pair). */
export interface ImportBatch {
  readonly events: ValidEvent[];
  readonly streams: string[];
}

/**
 * Appends many events of many streams per write transaction (expected revision `any` each), one
 * fsync per batch, through a write loop made for it (bulk-batch.ts) rather than one append operation
 * per event. Each batch is one LMDB transaction: a crash (kill -9 included) leaves whole batches, and
 * running the same input again skips every event whose id is already in that stream (exact id
 * idempotency, as `appendToStream` with `any`) and writes the rest, in input order.
 *
 * Memory is bounded by two batches: the input is pulled while the previous batch syncs, never
 * collected. A refused event (invalid, or its stream tombstoned) stops the import with its error:
 * earlier batches stay written, its own batch writes nothing.
 */
export async function bulkImportInto(
  writer: GroupCommitWriter,
  events: AsyncIterable<BulkImportEvent> | Iterable<BulkImportEvent>,
  options: BulkImportOptions,
): Promise<BulkImportResult> {
  const batchSize = options.batchSize ?? DEFAULT_BULK_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`bulk import batchSize must be a positive integer, got ${batchSize}`);
  }
  const threshold = options.indexMergeEvery;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
    throw new RangeError(`bulk import indexMergeEvery must be a positive integer, got ${threshold}`);
  }
  let batch: ImportBatch = { events: [], streams: [] };
  let read = 0;
  let written = 0;
  let batches = 0;
  // The batch being committed while the next one is filled (the generator overlaps the fsync).
  let inFlight: Promise<void> | null = null;
  const submit = async (last = false) => {
    const operation = importBatchOperation(batch, Date.now(), { threshold, last });
    const readSoFar = read;
    const size = batch.events.length;
    batch = { events: [], streams: [] };
    if (inFlight) await inFlight;
    inFlight = writer.submit(operation).then((count) => {
      written += count;
      if (size === 0) return;
      batches++;
      options.onBatch?.({ events: readSoFar, written, batches });
    });
    // A failed batch stops the import before anything after it is submitted.
    inFlight.catch(() => undefined);
    // Let the writer run the transaction now; the input is then pulled while its fsync runs.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  let lastStream = '';
  const add = (event: BulkImportEvent) => {
    // Each event is validated as an append of its own (`event #0` in errors); `stream` rides along unread.
    const { stream } = event;
    if (stream !== lastStream) {
      validateStreamName(stream);
      lastStream = stream;
    }
    const at = batch.events.length;
    // An upper bound of the data's size first (its strings at 3 bytes a character); measured exactly only
    // when the bound is over the limit.
    const bound = validateEventInto(event, 0, batch.events, at, true);
    if (bound > options.maxAppendSize && exactSize(batch.events[at]!, bound) > options.maxAppendSize) {
      throw new MaxAppendSizeExceededError(options.maxAppendSize);
    }
    batch.streams.push(stream);
    read++;
  };
  try {
    if (Symbol.iterator in events) {
      for (const event of events) {
        add(event);
        if (batch.events.length >= batchSize) await submit();
      }
    } else {
      for await (const event of events) {
        add(event);
        if (batch.events.length >= batchSize) await submit();
      }
    }
    // The last batch (empty when the input ended on a full one) merges what is held back.
    await submit(true);
    if (inFlight) await inFlight;
  } catch (error) {
    // A refused event, a failed batch or a failing input: what earlier batches wrote is merged into the
    // stream index before the error is reported, so stream reads see every written event.
    await (inFlight as Promise<void> | null)?.catch(() => undefined);
    await writer.submit((ctx) => ctx.streams.flush()).catch(() => undefined);
    throw error;
  }
  return { events: read, written, batches };
}
