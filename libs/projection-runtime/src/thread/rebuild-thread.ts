/**
 * Entry of a rebuild thread (node:worker_threads): builds one new copy of a projection off the
 * API's event loop. It reads the embedded log directly (LMDB serves readers in any thread), applies
 * the same `evolve` through the same copy classes as the API thread, and reports its checkpoint;
 * the API thread then catches the copy up over the last few events and switches to it.
 */
import { rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { type EmbeddedEventStore, openEmbeddedEventStoreImpl, type RecordedEvent } from '@flr/event-store';
import { MemoryCopy } from '../memory-copy';
import { holdFor } from '../row-hold';
import { type Checkpoint, type InstanceRef, instanceId, ReadModelStorage } from '../storage';
import type { Key, MemoryProjectionDefinition, ProjectionDefinition, ProjectionFailure } from '../types';
import { ProjectionWorker } from '../worker';
import type {
  FirstBuildJob,
  LmdbJob,
  MemoryJob,
  ThreadJob,
  ThreadMessage,
  WireCheckpoint,
  WireFailure,
} from './protocol';

const PROGRESS_EVERY_MS = 250;
const SMALLEST_TRANSACTION = 100;
/**
 * Events read from the log and handed to every copy at a time inside a transaction of many more: a
 * slice's events are garbage before the collector's young generation fills (a 50,000-event chunk
 * outlived two scavenges, and a quarter of the thread's time went to copying it).
 */
const SLICE = 1_000;

const job = workerData as ThreadJob;
const stopFlag = new Int32Array(job.stop);
const post = (message: ThreadMessage): void => parentPort!.postMessage(message);
const stopped = (): boolean => Atomics.load(stopFlag, 0) !== 0;

function wire(checkpoint: Checkpoint): WireCheckpoint {
  return { ...checkpoint, position: checkpoint.position === null ? null : checkpoint.position.toString() };
}

/** The definition of `ref`'s name and version among the module's exports (single or in arrays). */
async function findDefinition(
  ref: InstanceRef = job.ref,
  memory = job.kind === 'memory',
): Promise<ProjectionDefinition | MemoryProjectionDefinition> {
  const exported = Object.values(await import(job.definitions)).flatMap((value) =>
    Array.isArray(value) ? value : [value],
  );
  for (const value of exported) {
    const candidate = value as Partial<MemoryProjectionDefinition> | null;
    if (
      candidate &&
      typeof candidate === 'object' &&
      candidate.name === ref.name &&
      candidate.version === ref.version &&
      typeof candidate.evolve === 'function' &&
      (typeof candidate.create === 'function') === memory
    )
      return candidate as ProjectionDefinition | MemoryProjectionDefinition;
  }
  throw new Error(
    `${job.definitions} exports no ${memory ? 'in-memory ' : ''}projection ${ref.name}.v${ref.version}`,
  );
}

/** Events after `after`, in chunks whose size `size()` decides; stops early when asked to. */
function* chunks(
  store: EmbeddedEventStore,
  after: bigint | null,
  size: () => number,
): Generator<RecordedEvent[]> {
  let chunk: RecordedEvent[] = [];
  for (const event of store.readAll({ fromPosition: after ?? 'start', readAhead: true })) {
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

/**
 * Builds the copy in a scratch environment of its own (`<read models>/building/<instance>`), so the
 * long evolve transactions never hold the write lock of the read-model environment, which the API
 * thread's live copies commit into. A second thread then copies the rows in (`copyInJob`).
 */
async function buildLmdb(
  spec: LmdbJob,
  definition: ProjectionDefinition,
  store: EmbeddedEventStore,
): Promise<ThreadMessage> {
  const target = ReadModelStorage.open(spec.readModels, spec.maxDbs);
  try {
    const copied = target.checkpoint(spec.ref);
    // Copied in before a restart: the API thread feeds it from there.
    if (copied.position !== null) return { kind: 'done', checkpoint: wire(copied), threadId };
  } finally {
    await target.close();
  }
  const path = scratchPath(spec);
  if (spec.fresh) rmSync(path, { recursive: true, force: true });
  const scratch = ReadModelStorage.open(path, 4);
  try {
    // A build that held rows in memory when it stopped left a scratch copy without them: from the start.
    if (scratch.rowsHeld(spec.ref)) scratch.createInstance(spec.ref, 'building');
    return buildInScratch(spec, definition, store, scratch);
  } finally {
    await scratch.close();
  }
}

function scratchPath(spec: LmdbJob): string {
  return join(spec.readModels, 'building', instanceId(spec.ref));
}

/** Copies the finished scratch copy into the read-model environment, then removes it. */
async function copyInJob(spec: LmdbJob): Promise<ThreadMessage> {
  const target = ReadModelStorage.open(spec.readModels, spec.maxDbs);
  try {
    const copied = target.checkpoint(spec.ref);
    if (copied.position !== null) return { kind: 'done', checkpoint: wire(copied), threadId };
    const path = scratchPath(spec);
    const scratch = ReadModelStorage.open(path, 4);
    let complete: boolean;
    const checkpoint = scratch.checkpoint(spec.ref);
    try {
      complete = copyIn(spec, scratch, target, checkpoint);
    } finally {
      await scratch.close();
    }
    if (!complete) return { kind: 'stopped' };
    rmSync(path, { recursive: true, force: true });
    return { kind: 'done', checkpoint: wire(checkpoint), threadId };
  } finally {
    await target.close();
  }
}

function buildInScratch(
  spec: LmdbJob,
  definition: ProjectionDefinition,
  store: EmbeddedEventStore,
  scratch: ReadModelStorage,
): ThreadMessage {
  let failure: ProjectionFailure | undefined;
  const copy = new ProjectionWorker(spec.ref, 'building', definition, scratch, {
    progressed: () => undefined,
    failed: (worker) => {
      failure = worker.failure;
    },
  });
  // Built from the log's start, it holds the definition's held rows in memory until the end.
  const hold = copy.checkpoint.position === null ? holdFor(definition) : undefined;
  if (hold) copy.holdRows(hold);
  const end = replayGroup(store, scratch, copy.checkpoint.position, spec.batchSize, [copy]);
  if (end === 'stopped') return { kind: 'stopped' };
  copy.releaseHold();
  if (failure) return failed(copy.checkpoint, failure);
  return { kind: 'done', checkpoint: wire(copy.checkpoint), threadId };
}

/** Posts `checkpoint()` as progress when PROGRESS_EVERY_MS have passed since the last post. */
function progressReporter(checkpoint: () => Checkpoint): () => void {
  let reported = performance.now();
  return () => {
    if (performance.now() - reported < PROGRESS_EVERY_MS) return;
    reported = performance.now();
    post({ kind: 'progress', checkpoint: wire(checkpoint()) });
  };
}

/**
 * The whole log handed to an in-memory copy in chunks of `batchSize`: 'stopped' once asked to stop
 * (checked after each chunk), 'halted' when `failed` says its evolve threw, 'ended' at the log's end.
 */
function replayMemory(
  store: EmbeddedEventStore,
  batchSize: number,
  copy: MemoryCopy,
  failed: () => boolean,
): 'stopped' | 'halted' | 'ended' {
  const report = progressReporter(() => copy.checkpoint);
  for (const chunk of chunks(store, null, () => batchSize)) {
    copy.consume(chunk, null, false);
    if (stopped()) return 'stopped';
    if (failed()) return 'halted';
    report();
  }
  return stopped() ? 'stopped' : 'ended';
}

/**
 * The log after `after` applied to `copies` (all at that checkpoint, in `storage`) in transactions of
 * `batchSize` events, one transaction for all of them, each handed the events a SLICE at a time. When
 * the shared transaction throws (an `evolve` failed), nothing of it is written: its events are read
 * again and applied copy by copy, each in its own transaction (`consume`), so the failing copy stops
 * at the event before and the others go on. 'halted' once every copy has failed.
 */
function replayGroup(
  store: EmbeddedEventStore,
  storage: ReadModelStorage,
  after: bigint | null,
  batchSize: number,
  copies: readonly ProjectionWorker[],
): 'stopped' | 'halted' | 'ended' {
  const report = progressReporter(() => copies[0]!.checkpoint);
  let from = after;
  let pulled = 0;
  const slices = chunks(store, after, () => Math.min(SLICE, batchSize - pulled));
  for (;;) {
    const going = copies.filter((copy) => !copy.isHalted);
    if (going.length === 0) return 'halted';
    pulled = 0;
    let last: bigint | null = null;
    const batches = going.map((copy) => copy.openBatch());
    try {
      storage.transact(() => {
        while (pulled < batchSize) {
          const slice = slices.next();
          if (slice.done) break;
          pulled += slice.value.length;
          for (const batch of batches) batch.apply(slice.value);
          last = slice.value[slice.value.length - 1]!.position;
        }
        if (last !== null) for (const batch of batches) batch.close();
      });
      if (last === null) {
        // The log ended (or a stop came) before this batch's first event: nothing to commit.
        for (const batch of batches) batch.abort();
        return stopped() ? 'stopped' : 'ended';
      }
      for (const batch of batches) batch.committed();
    } catch (error) {
      for (const batch of batches) batch.abort();
      // Nothing was read (the log's read failed): no copy's `evolve` to blame.
      if (pulled === 0) throw error;
      // The slices pulled are read again as one chunk and applied copy by copy.
      const again = chunks(store, from, () => pulled);
      const chunk = again.next();
      // Its read of the log ends here (the generator's reader is closed, not left to the collector).
      again.return(undefined);
      if (chunk.done) return stopped() ? 'stopped' : 'ended';
      for (const copy of going) copy.consume(chunk.value, null, false);
      last = chunk.value[chunk.value.length - 1]!.position;
    }
    from = last;
    if (stopped()) return 'stopped';
    report();
  }
}

/**
 * Copies the scratch copy's rows, as stored bytes, into the copy's database in the read-model
 * environment: transactions of puts only, shrinking while one outlasts the budget (the API thread's
 * live copies wait for that write lock). The checkpoint goes in with the last rows, so a copy cut
 * short by a crash has none and is copied again from the start. False when asked to stop.
 */
function copyIn(
  spec: LmdbJob,
  scratch: ReadModelStorage,
  target: ReadModelStorage,
  checkpoint: Checkpoint,
): boolean {
  const id = instanceId(spec.ref);
  const to = target.rawReadModel(id);
  const guarded = (work: () => void): boolean =>
    target.transact(() => {
      // Checked holding the write lock: once asked to stop, the API thread may drop the copy.
      if (stopped()) return false;
      work();
      return true;
    });
  // Rows of an earlier copy-in cut short by a crash.
  if (!guarded(() => to.clearSync())) return false;
  const rows = scratch.rawReadModel(id).getRange({})[Symbol.iterator]();
  let size = 1000;
  for (let last = false; !last; ) {
    const batch: { key: Key; value: Buffer }[] = [];
    while (batch.length < size) {
      const next = rows.next();
      if (next.done) {
        last = true;
        break;
      }
      batch.push({ key: next.value.key as Key, value: Buffer.from(next.value.value) });
    }
    const started = performance.now();
    const written = guarded(() => {
      for (const { key, value } of batch) to.putSync(key, value);
      if (last) target.writeCheckpoint(spec.ref, checkpoint);
    });
    if (!written) return false;
    const took = performance.now() - started;
    if (took > spec.transactionBudgetMs) size = Math.max(SMALLEST_TRANSACTION, Math.floor(size / 2));
    else if (took < spec.transactionBudgetMs / 2) size = Math.min(spec.batchSize, size * 2);
  }
  return true;
}

/**
 * The first build of a group of document copies: the log read once, each chunk applied to every copy
 * in its own transaction, straight into the read-model environment (nothing is live there to wait for
 * its write lock). A copy whose `evolve` throws stops at the event before, as on the API thread; the
 * others go on. The API thread then feeds each copy from its checkpoint.
 */
async function buildFirst(spec: FirstBuildJob, store: EmbeddedEventStore): Promise<ThreadMessage> {
  const target = ReadModelStorage.open(spec.readModels, spec.maxDbs);
  try {
    const failures: WireFailure[] = [];
    const copies: ProjectionWorker[] = [];
    for (const ref of spec.group) {
      const definition = (await findDefinition(ref, false)) as ProjectionDefinition;
      const copy = new ProjectionWorker(ref, 'active', definition, target, {
        progressed: () => undefined,
        failed: (failing) => {
          const failure = failing.failure!;
          const position = failure.position === null ? null : failure.position.toString();
          failures.push({
            instance: failing.id,
            position,
            eventType: failure.eventType,
            message: failure.message,
          });
        },
      });
      // Only copies that applied nothing are grouped: each reads the log from its start.
      if (copy.checkpoint.position !== null) throw new Error(`${copy.id} is not a first build`);
      const hold = holdFor(definition);
      if (hold) copy.holdRows(hold);
      copies.push(copy);
    }
    const end = replayGroup(store, target, null, spec.batchSize, copies);
    // Stopped: held rows are dropped with the thread; their copies' checkpoints say so, and the copies
    // are built again from the start (copies.ts).
    if (end === 'stopped' || stopped()) return { kind: 'stopped' };
    // Every copy's held rows, a failed one's too (as its last committed batch left them).
    for (const copy of copies) copy.releaseHold();
    return { kind: 'done', checkpoint: wire(copies[0]!.checkpoint), threadId, failures };
  } finally {
    await target.close();
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
  const end = replayMemory(store, spec.batchSize, copy, () => failure !== undefined);
  if (end === 'stopped') return { kind: 'stopped' };
  if (failure) return failed(null, failure);
  copy.snapshot();
  return { kind: 'done', checkpoint: wire(copy.checkpoint), threadId };
}

/**
 * Lowers this thread's scheduling priority: the API thread (commands, queries) then runs first and the
 * rebuild takes the CPU left over. Linux only: there `setpriority` of the calling thread applies to
 * that thread alone; elsewhere it would lower the whole process, so the thread keeps its priority.
 */
function yieldCpuToTheApi(): void {
  if (process.platform !== 'linux' || job.niceness === 0) return;
  try {
    setPriority(job.niceness);
  } catch {
    // Not permitted (a restricted container): the rebuild runs at the process's priority.
  }
}

async function run(): Promise<ThreadMessage> {
  yieldCpuToTheApi();
  if (job.kind === 'lmdb' && job.phase === 'copy-in') return copyInJob(job);
  if (job.kind === 'lmdb-first') {
    const store = await openEmbeddedEventStoreImpl({ path: job.eventLog });
    try {
      return await buildFirst(job, store);
    } finally {
      await store.close();
    }
  }
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
