import type { BulkImportEvent, BulkImportResult, EmbeddedEventStore } from '@flr/event-store';
import { generateHistory } from '@flr/testing';

export interface ImportFigures extends BulkImportResult {
  /** Seconds spent inside the generator. */
  readonly generateS: number;
  /** Seconds of the whole run minus the generator's. */
  readonly importS: number;
}

/**
 * Streams the seeded synthetic history into the store's bulk import, timing the generator and the
 * store apart. Nothing holds the log: each event is pulled from the generator when the import needs it.
 */
export async function importGeneratedHistory(
  store: EmbeddedEventStore,
  options: { persons: number; seed: string; batchSize?: number; onBatch?: (read: number) => void },
): Promise<ImportFigures> {
  let generateNs = 0n;
  const started = process.hrtime.bigint();
  const iterator = generateHistory({ persons: options.persons, seed: options.seed })[Symbol.iterator]();
  const timed: Iterable<BulkImportEvent> = {
    [Symbol.iterator]: () => ({
      next: () => {
        const t0 = process.hrtime.bigint();
        const next = iterator.next();
        generateNs += process.hrtime.bigint() - t0;
        if (next.done) return { done: true, value: undefined };
        const e = next.value;
        return {
          done: false,
          value: { stream: e.stream, id: e.id, type: e.type, data: e.data, metadata: e.metadata },
        };
      },
    }),
  };
  const result = await store.bulkImport(timed, {
    batchSize: options.batchSize,
    onBatch: (progress) => options.onBatch?.(progress.events),
  });
  const totalS = Number(process.hrtime.bigint() - started) / 1e9;
  const generateS = Number(generateNs) / 1e9;
  return { ...result, generateS, importS: totalS - generateS };
}
