import { isInfrastructureStream, type Position, type RecordedEvent } from '@flr/event-store';
import type { Feed, FeedConsumer } from './feed';
import { failureOf } from './status';
import { LmdbReadModelTx } from './read-model';
import type { FirstBuildHold } from './row-hold';
import {
  type Checkpoint,
  EMPTY_CHECKPOINT,
  type InstanceRef,
  instanceId,
  type ReadModelStorage,
} from './storage';
import type { ThreadBuild } from './thread/thread-build';
import type { ProjectionDefinition, ProjectionFailure, ProjectionState } from './types';

export type WorkerRole = 'active' | 'building';

export interface WorkerHooks {
  /** After each committed batch or passed position: the runtime checks switches and waiters. */
  progressed(worker: ProjectionWorker): void;
  failed(worker: ProjectionWorker): void;
}

type Attempt = { ok: true } | { ok: false; index: number; error: unknown };

/** A copy's part of one write transaction (ProjectionWorker.openBatch). */
export interface CopyBatch {
  /** Events passed to `apply` and gone through (when it throws: the index of the failing one). */
  passed: number;
  /** Evolves the events this copy applies, in order; throws what `evolve` threw. */
  apply(events: readonly RecordedEvent[]): void;
  /** Inside the transaction, after the last `apply`: the held rows written, then the checkpoint. */
  close(): void;
  /** The transaction threw: rows held across batches are put back as before it. */
  abort(): void;
  /** The transaction committed: the copy's checkpoint moves on. */
  committed(): void;
}

/** One instance (copy) of a projection: applies each batch and its checkpoint in one transaction. */
export class ProjectionWorker implements FeedConsumer {
  readonly id: string;
  state: ProjectionState;
  checkpoint: Checkpoint;
  /** Highest position known to be fully applied (checkpoint, or a later caught-up position). */
  reached: Position | null;
  /**
   * How far the thread building this copy first has read and committed, rows it holds included, as its
   * progress messages say (null before the first): this thread's reads of the checkpoint may lag them.
   */
  threadPosition: Position | null = null;
  caughtUp = false;
  failure: ProjectionFailure | undefined;
  private halted = false;
  private feed: Feed | undefined;
  private thread: ThreadBuild | undefined;
  /** The rows a first build holds in memory (holdInFirstBuild), until `releaseHold` writes them. */
  private hold: FirstBuildHold | undefined;
  private readonly applies: (event: RecordedEvent) => boolean;

  constructor(
    readonly ref: InstanceRef,
    public role: WorkerRole,
    private readonly definition: ProjectionDefinition,
    private readonly storage: ReadModelStorage,
    private readonly hooks: WorkerHooks,
  ) {
    this.id = instanceId(ref);
    this.checkpoint = storage.checkpoint(ref);
    this.reached = this.checkpoint.position;
    this.state = role === 'active' ? 'catching-up' : 'rebuilding';
    this.applies = appliesTo(definition);
  }

  /** Reads from `feed` from now on (the runtime groups copies with equal checkpoints). */
  attach(feed: Feed): void {
    this.feed = feed;
  }

  /** Built by a worker thread until it reports back (the runtime then feeds it from its checkpoint). */
  buildOffThread(thread: ThreadBuild): void {
    this.thread = thread;
  }

  /** True from a thread's build until this thread feeds the copy (the rows are the thread's to write). */
  get offThread(): boolean {
    return this.thread !== undefined && this.feed === undefined;
  }

  /**
   * The thread committed up to `checkpoint` (status and progress while it builds). `whole`: false while
   * the thread holds rows of the copy in memory; its reads then lack them, so no position is reached.
   */
  advancedOffThread(checkpoint: Checkpoint, whole = true): void {
    this.checkpoint = checkpoint;
    if (!whole) return;
    if (this.reached === null || (checkpoint.position !== null && checkpoint.position > this.reached))
      this.reached = checkpoint.position;
  }

  /** The thread's `evolve` threw (or the thread could not run): the copy fails where the thread stopped. */
  failedOffThread(checkpoint: Checkpoint | null, failure: ProjectionFailure): void {
    if (this.halted) return;
    if (checkpoint) this.advancedOffThread(checkpoint);
    this.state = 'failed';
    this.failure = failure;
    this.halted = true;
    this.hooks.failed(this);
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /**
   * From now on the hold's rows stay in memory across batches (a first build that has
   * applied nothing yet), and every checkpoint says rows are held.
   */
  holdRows(hold: FirstBuildHold): void {
    if (this.checkpoint.position !== null) throw new Error(`${this.id} holds rows only from its first event`);
    this.hold = hold;
  }

  /** Writes the held rows and a checkpoint that no longer says rows are held, in one transaction. */
  releaseHold(): number {
    const hold = this.hold;
    if (!hold) return 0;
    this.hold = undefined;
    if (this.checkpoint.position === null) return 0;
    const checkpoint = this.checkpoint;
    return this.storage.transact(() => {
      const written = hold.writeTo(this.storage.readModel(this.id));
      this.storage.writeCheckpoint(this.ref, checkpoint);
      return written;
    });
  }

  /**
   * After a first build that held rows stopped before writing them: the copy is cleared and this
   * worker starts it again from the log's start.
   */
  startOver(): void {
    this.storage.createInstance(this.ref, this.role);
    this.checkpoint = EMPTY_CHECKPOINT;
    this.reached = null;
  }

  /**
   * Synchronously guarantees no further batch is applied on this thread (a worker thread building the
   * copy stops before its next transaction); resolves when the subscription (and thread) ended.
   */
  halt(): Promise<void> {
    this.halted = true;
    if (this.state !== 'failed') this.state = 'stopped';
    const thread = this.thread?.stop();
    const feed = this.feed?.leave(this);
    return Promise.all([thread, feed]).then(() => undefined);
  }

  consume(events: RecordedEvent[], passed: Position | null, caughtUp: boolean): void {
    if (this.halted) return;
    if (events.length > 0 && !this.apply(events)) return;
    if (passed !== null && (this.reached === null || passed > this.reached)) this.reached = passed;
    if (caughtUp) {
      this.caughtUp = true;
      if (this.role === 'active') this.state = 'live';
    }
    this.hooks.progressed(this);
  }

  /** Commits the batch; on an evolve error commits the events before the failing one, then fails. */
  private apply(events: RecordedEvent[]): boolean {
    const attempt = this.commit(events);
    if (attempt.ok) return true;
    const failing = events[Math.min(attempt.index, events.length - 1)]!;
    if (attempt.index > 0 && attempt.index < events.length) this.commit(events.slice(0, attempt.index));
    this.fail(failing, attempt.error);
    return false;
  }

  private commit(events: RecordedEvent[]): Attempt {
    const batch = this.openBatch();
    try {
      this.storage.transact(() => {
        batch.apply(events);
        batch.close();
      });
    } catch (error) {
      batch.abort();
      return { ok: false, index: batch.passed, error };
    }
    batch.committed();
    return { ok: true };
  }

  /**
   * This copy's part of one write transaction on its storage, which the caller runs (`commit` here; a
   * rebuild thread runs one for a group of copies, handing them the log in slices so its events die
   * young): `apply` the events in order, then `close` (held rows written, checkpoint) inside the
   * transaction, and after it `committed`, or `abort` when it threw.
   */
  openBatch(): CopyBatch {
    const { definition, applies, hold } = this;
    const tx = new LmdbReadModelTx(this.storage.readModel(this.id), definition.writeBack === true, hold);
    hold?.begin();
    let applied = 0;
    let last: Position | null = null;
    let next: Checkpoint | null = null;
    const batch: CopyBatch = {
      passed: 0,
      apply: (events) => {
        for (const event of events) {
          if (applies(event)) {
            definition.evolve(tx, event);
            applied++;
          }
          batch.passed++;
          last = event.position;
        }
      },
      close: () => {
        tx.flush();
        if (last === null) throw new Error(`${this.id}: a batch closed before any event`);
        const written: Checkpoint = {
          position: last,
          processed: this.checkpoint.processed + batch.passed,
          applied: this.checkpoint.applied + applied,
        };
        this.storage.writeCheckpoint(this.ref, written, hold !== undefined);
        next = written;
      },
      abort: () => hold?.revoke(),
      committed: () => {
        if (next === null) throw new Error(`${this.id}: a batch committed before it was closed`);
        hold?.keep();
        this.checkpoint = next;
        if (this.reached === null || next.position! > this.reached) this.reached = next.position;
      },
    };
    return batch;
  }

  fail(event: RecordedEvent | null, error: unknown): void {
    if (this.halted) return;
    this.state = 'failed';
    this.failure = failureOf(event, error);
    this.halted = true;
    void this.feed?.leave(this);
    this.hooks.failed(this);
  }
}

/** The events `definition` evolves on: its declared types (all without a list), never an infrastructure stream. */
export function appliesTo(definition: ProjectionDefinition): (event: RecordedEvent) => boolean {
  const types = definition.eventTypes ? new Set(definition.eventTypes) : null;
  return (event) => (types === null || types.has(event.type)) && !isInfrastructureStream(event.stream);
}
