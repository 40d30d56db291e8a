import type { BulkImportEvent, BulkImportResult, EmbeddedEventStore } from '@flr/event-store';
import { calibrationReport, generateHistory } from '@flr/testing';

/** The national benches' generator seed: every run makes the same history for the same number of persons. */
export const SEED = 'bench-national';

export interface ImportFigures extends BulkImportResult {
  /** Seconds spent inside the generator. */
  readonly generateS: number;
  /** Seconds of the whole run minus the generator's. */
  readonly importS: number;
  /**
   * CPU seconds of this process during the import minus the generator's share (the generator's wall
   * time times the run's CPU ÷ wall): the import's cost however loaded the machine is.
   */
  readonly importCpuS: number;
  /** The generator's calibration report against DOMAIN.md §6 (a markdown table). */
  readonly calibration: string;
}

/**
 * Streams the seeded synthetic history into the store's bulk import, timing the generator and the
 * store apart. Nothing holds the log: each event is pulled from the generator when the import needs it.
 */
export async function importGeneratedHistory(
  store: EmbeddedEventStore,
  options: {
    persons: number;
    seed: string;
    batchSize?: number;
    onBatch?: (read: number) => void;
    /** `append`: the same-run baseline, through the ordinary append operation instead of the bulk import. */
    through?: 'bulk' | 'append';
  },
): Promise<ImportFigures> {
  let generateNs = 0n;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const history = generateHistory({ persons: options.persons, seed: options.seed });
  const iterator = history[Symbol.iterator]();
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
  const result =
    options.through === 'append'
      ? await appendEach(store, timed)
      : await store.bulkImport(timed, {
          batchSize: options.batchSize,
          onBatch: (progress) => options.onBatch?.(progress.events),
        });
  const totalS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const generateS = Number(generateNs) / 1e9;
  const importCpuS = cpuS - generateS * (cpuS / totalS);
  const calibration = calibrationReport(history.summary.calibration, options.persons);
  return { ...result, generateS, importS: totalS - generateS, importCpuS, calibration };
}

/**
 * The ordinary way in: `appendToStream` per run of consecutive events of one stream, 256 appends in
 * flight so the writer's group commit shares each transaction and fsync among them.
 */
async function appendEach(
  store: EmbeddedEventStore,
  events: Iterable<BulkImportEvent>,
): Promise<BulkImportResult> {
  const inFlight = new Set<Promise<unknown>>();
  let run: BulkImportEvent[] = [];
  let read = 0;
  const flush = async () => {
    if (run.length === 0) return;
    const append = store.appendToStream(run[0]!.stream, run);
    run = [];
    inFlight.add(append);
    void append.finally(() => inFlight.delete(append)).catch(() => undefined);
    if (inFlight.size >= 256) await Promise.race(inFlight);
  };
  for (const event of events) {
    read++;
    if (run.length > 0 && (run[0]!.stream !== event.stream || run.length >= 100)) await flush();
    run.push(event);
  }
  await flush();
  await Promise.all(inFlight);
  return { events: read, written: read, batches: 0 };
}
