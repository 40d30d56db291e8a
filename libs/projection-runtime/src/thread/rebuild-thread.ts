/**
 * Entry of a rebuild thread (node:worker_threads): builds one new copy of a projection off the
 * API's event loop. It reads the embedded log directly (LMDB serves readers in any thread), applies
 * the same `evolve` through the same copy classes as the API thread, and reports its checkpoint;
 * the API thread then catches the copy up over the last few events and switches to it.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { type EmbeddedEventStore, openEmbeddedEventStoreImpl, type RecordedEvent } from '@flr/event-store';
import { MemoryCopy } from '../memory-copy';
import { type Checkpoint, ReadModelStorage } from '../storage';
import type { MemoryProjectionDefinition, ProjectionDefinition, ProjectionFailure } from '../types';
import { ProjectionWorker } from '../worker';
import type { LmdbJob, MemoryJob, ThreadJob, ThreadMessage, WireCheckpoint } from './protocol';

const PROGRESS_EVERY_MS = 250;
const SMALLEST_TRANSACTION = 100;

const job = workerData as ThreadJob;
const stopFlag = new Int32Array(job.stop);
const post = (message: ThreadMessage): void => parentPort!.postMessage(message);
const stopped = (): boolean => Atomics.load(stopFlag, 0) !== 0;

function wire(checkpoint: Checkpoint): WireCheckpoint {
  return { ...checkpoint, position: checkpoint.position === null ? null : checkpoint.position.toString() };
}

/** The definition of the job's name and version among the module's exports (single or in arrays). */
async function findDefinition(): Promise<ProjectionDefinition | MemoryProjectionDefinition> {
  const exported = Object.values(await import(job.definitions)).flatMap((value) =>
    Array.isArray(value) ? value : [value],
  );
  const memory = job.kind === 'memory';
  for (const value of exported) {
    const candidate = value as Partial<MemoryProjectionDefinition> | null;
    if (
      candidate &&
      typeof candidate === 'object' &&
      candidate.name === job.ref.name &&
      candidate.version === job.ref.version &&
      typeof candidate.evolve === 'function' &&
      (typeof candidate.create === 'function') === memory
    )
      return candidate as ProjectionDefinition | MemoryProjectionDefinition;
  }
  throw new Error(
    `${job.definitions} exports no ${memory ? 'in-memory ' : ''}projection ${job.ref.name}.v${job.ref.version}`,
  );
}

/** Events after `after`, in chunks whose size `size()` decides; stops early when asked to. */
function* chunks(
  store: EmbeddedEventStore,
  after: bigint | null,
  size: () => number,
): Generator<RecordedEvent[]> {
  let chunk: RecordedEvent[] = [];
  for (const event of store.readAll({ fromPosition: after ?? 'start' })) {
    if (after !== null && event.position <= after) continue;
    chunk.push(event);
    if (chunk.length >= size()) {
      yield chunk;
      chunk = [];
      if (stopped()) return;
    }
  }
  if (chunk.length > 0) yield chunk;
}

function failed(checkpoint: Checkpoint | null, failure: ProjectionFailure): ThreadMessage {
  return {
    kind: 'failed',
    checkpoint: checkpoint && wire(checkpoint),
    position: failure.position === null ? null : failure.position.toString(),
    eventType: failure.eventType,
    message: failure.message,
  };
}

async function buildLmdb(
  spec: LmdbJob,
  definition: ProjectionDefinition,
  store: EmbeddedEventStore,
): Promise<ThreadMessage> {
  const storage = ReadModelStorage.open(spec.readModels, spec.maxDbs);
  // Checked once the transaction holds the write lock: after the API thread asked this thread to
  // stop, it may drop the copy (a newer version replaced it), so nothing more may be written.
  const transact = storage.transact.bind(storage);
  storage.transact = <T>(work: () => T): T =>
    transact(() => {
      if (stopped()) throw new Error('the rebuild thread was asked to stop');
      return work();
    });
  try {
    let failure: ProjectionFailure | undefined;
    const copy = new ProjectionWorker(spec.ref, 'building', definition, storage, {
      progressed: () => undefined,
      failed: (worker) => {
        failure = worker.failure;
      },
    });
    // Each chunk is one write transaction of the read-model environment, whose write lock the API
    // thread's live copies also take: chunks shrink while a transaction outlasts the budget.
    let size = Math.min(spec.batchSize, 1000);
    let reported = performance.now();
    for (const chunk of chunks(store, copy.checkpoint.position, () => size)) {
      const started = performance.now();
      copy.consume(chunk, null, false);
      const took = performance.now() - started;
      if (stopped()) return { kind: 'stopped' };
      if (failure) return failed(copy.checkpoint, failure);
      if (took > spec.transactionBudgetMs) size = Math.max(SMALLEST_TRANSACTION, Math.floor(size / 2));
      else if (took < spec.transactionBudgetMs / 2) size = Math.min(spec.batchSize, size * 2);
      if (performance.now() - reported >= PROGRESS_EVERY_MS) {
        reported = performance.now();
        post({ kind: 'progress', checkpoint: wire(copy.checkpoint) });
      }
    }
    if (stopped()) return { kind: 'stopped' };
    return { kind: 'done', checkpoint: wire(copy.checkpoint), threadId };
  } finally {
    await storage.close();
  }
}

async function buildMemory(
  spec: MemoryJob,
  definition: MemoryProjectionDefinition,
  store: EmbeddedEventStore,
): Promise<ThreadMessage> {
  let failure: ProjectionFailure | undefined;
  const never = { everyEvents: Number.POSITIVE_INFINITY, minIntervalMs: Number.POSITIVE_INFINITY };
  const copy = new MemoryCopy(spec.ref, 'building', definition, spec.snapshotFolder, never, {
    progressed: () => undefined,
    failed: (failing) => {
      failure = failing.failure;
    },
  });
  let reported = performance.now();
  for (const chunk of chunks(store, null, () => spec.batchSize)) {
    copy.consume(chunk, null, false);
    if (stopped()) return { kind: 'stopped' };
    if (failure) return failed(null, failure);
    if (performance.now() - reported >= PROGRESS_EVERY_MS) {
      reported = performance.now();
      post({ kind: 'progress', checkpoint: wire(copy.checkpoint) });
    }
  }
  if (stopped()) return { kind: 'stopped' };
  copy.snapshot();
  return { kind: 'done', checkpoint: wire(copy.checkpoint), threadId };
}

async function run(): Promise<ThreadMessage> {
  const definition = await findDefinition();
  const store = await openEmbeddedEventStoreImpl({ path: job.eventLog });
  try {
    return job.kind === 'lmdb'
      ? await buildLmdb(job, definition as ProjectionDefinition, store)
      : await buildMemory(job, definition as MemoryProjectionDefinition, store);
  } finally {
    await store.close();
  }
}

run().then(post, (error: unknown) =>
  post(
    failed(null, {
      position: null,
      eventType: null,
      message: error instanceof Error ? error.message : String(error),
    }),
  ),
);
