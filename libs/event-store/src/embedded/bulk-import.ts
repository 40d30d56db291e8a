import type { EventData } from '../port';
import { validateAppend } from '../validation';
import { appendOperation } from './operations';
import type { GroupCommitWriter, WriteOperation } from './writer';

/** One event of a bulk import: the stream it goes to and the event itself. */
export interface BulkImportEvent extends EventData {
  readonly stream: string;
}

export interface BulkImportOptions {
  /** Events per LMDB transaction and fsync (default 20,000). */
  readonly batchSize?: number;
  /** Bytes of type + data + metadata per event (the store's append limit). */
  readonly maxAppendSize: number;
}

export interface BulkImportResult {
  /** Events read from the input. */
  readonly events: number;
  /** Transactions committed (each fsynced before the next starts). */
  readonly batches: number;
}

/**
 * Appends many events of many streams per write transaction (expected revision `any`), one fsync per
 * batch. Exact id idempotency and the stream index come from the ordinary append operation, so running
 * the same input again after a crash skips what was committed and writes the rest. Memory is bounded
 * by one batch. A refused event stops the import with its error; the batch's earlier events stay written.
 */
export async function bulkImportInto(
  writer: GroupCommitWriter,
  events: AsyncIterable<BulkImportEvent> | Iterable<BulkImportEvent>,
  options: BulkImportOptions,
): Promise<BulkImportResult> {
  const batchSize = options.batchSize ?? 20_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`bulk import batchSize must be a positive integer, got ${batchSize}`);
  }
  let batch: WriteOperation<unknown>[] = [];
  let count = 0;
  let batches = 0;
  const flush = async () => {
    const operations = batch;
    batch = [];
    await writer.submit((ctx) => {
      for (const operation of operations) operation(ctx);
    });
    batches++;
  };
  for await (const event of events) {
    const { stream, ...data } = event;
    const valid = validateAppend(stream, [data], options.maxAppendSize);
    batch.push(appendOperation(stream, valid, 'any', Date.now()));
    count++;
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return { events: count, batches };
}
