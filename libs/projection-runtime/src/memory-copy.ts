import { renameSync } from 'node:fs';
import { type EventStore, isInfrastructureStream, type Position, type RecordedEvent } from '@flr/event-store';
import { Feed, type FeedConsumer } from './feed';
import { failureOf } from './status';
import { readSnapshot, snapshotPath, writeSnapshot } from './memory-snapshot';
import { type Checkpoint, EMPTY_CHECKPOINT, type InstanceRef } from './storage';
import type { ThreadBuild } from './thread/thread-build';
import type {
  MemoryProjectionDefinition,
  MemorySnapshotOptions,
  ProjectionFailure,
  ProjectionState,
} from './types';

/** A snapshot is written at most once per this many times its own writing time (see `snapshotDue`). */
export const SNAPSHOT_PAUSE_FACTOR = 9;

/**
 * While a copy replays history (not yet caught up), a snapshot also waits until the events since the
 * last one are at least this share of those before it. A replay's snapshots grow with its model, so
 * their bytes in all stay about three times the last one's (at the country's rebuild the link index's
 * and the person register's, 2.7 GB together, had been written every minute: 43 GB, pushing the log's
 * pages out of the page cache under the readers), and a crash meanwhile loses at most a third of the
 * replay done. A live copy snapshots as before.
 */
export const REPLAY_SNAPSHOT_GROWTH = 0.5;

/** Where a copy stands against its last snapshot. */
export interface SnapshotStanding {
  /** Events processed in all, and when the last snapshot was written. */
  readonly processed: number;
  readonly lastProcessed: number;
  /** Whether the copy has caught up with the log (live), or still replays history. */
  readonly caughtUp: boolean;
  /** Time since the last snapshot was written, and how long its writing took. */
  readonly sinceLastMs: number;
  readonly lastWriteMs: number;
}

/**
 * Whether a copy's snapshot is due: after `everyEvents` and `minIntervalMs`, and never sooner than
 * SNAPSHOT_PAUSE_FACTOR times the last snapshot's own time after it (a model so large that a snapshot
 * takes seconds, the link index at the country's size, spends at most about a tenth of a replay writing
 * snapshots); while replaying history, also not before the replay has grown by REPLAY_SNAPSHOT_GROWTH.
 */
export function snapshotDue(standing: SnapshotStanding, options: Required<MemorySnapshotOptions>): boolean {
  const since = standing.processed - standing.lastProcessed;
  const wanted = standing.caughtUp
    ? options.everyEvents
    : Math.max(options.everyEvents, REPLAY_SNAPSHOT_GROWTH * standing.lastProcessed);
  return (
    since >= wanted &&
    standing.sinceLastMs >= Math.max(options.minIntervalMs, SNAPSHOT_PAUSE_FACTOR * standing.lastWriteMs)
  );
}

/**
 * Holds a replay back: given the position the replay is about to hand over, a promise to wait for
 * before asking again, or undefined to go on (see MemoryProjections: the first builds' pace).
 */
export type ReplayPace = (position: Position) => Promise<void> | undefined;

export interface MemoryCopyHooks {
  progressed(copy: MemoryCopy): void;
  failed(copy: MemoryCopy): void;
}

/**
 * One copy of an in-memory projection: its model, the checkpoint the model stands at, and the
 * subscription feeding it. The active copy starts from its snapshot (if any) and catches up; a
 * rebuild copy starts empty beside it.
 */
export class MemoryCopy implements FeedConsumer {
  model: unknown;
  checkpoint: Checkpoint;
  reached: Position | null;
  state: ProjectionState;
  caughtUp = false;
  failure: ProjectionFailure | undefined;
  private halted = false;
  private feed: Feed | undefined;
  private readonly types: ReadonlySet<string> | null;
  private snapshotAt: Checkpoint;
  private replaying: Promise<void> = Promise.resolve();
  /** Ends this copy's wait for a replay it shares with others (called on halt). */
  private release: () => void = () => undefined;
  private snapshotTime = Date.now();
  /** How long the last snapshot took to write (ms). */
  private snapshotMs = 0;
  private thread: ThreadBuild | undefined;
  /** Folder of the snapshot a rebuild thread wrote of this copy (moved into place on the switch). */
  private builtIn: string | undefined;
  /** The active copy reads its snapshot (if any) when it starts, before it catches up. */
  private restoring: boolean;

  constructor(
    readonly ref: InstanceRef,
    public role: 'active' | 'building',
    private readonly definition: MemoryProjectionDefinition,
    private readonly folder: string,
    private readonly snapshots: Required<MemorySnapshotOptions>,
    private readonly hooks: MemoryCopyHooks,
  ) {
    this.model = definition.create();
    this.checkpoint = EMPTY_CHECKPOINT;
    this.snapshotAt = this.checkpoint;
    this.reached = this.checkpoint.position;
    this.restoring = role === 'active';
    this.state = role === 'active' ? 'catching-up' : 'rebuilding';
    this.types = definition.eventTypes ? new Set(definition.eventTypes) : null;
  }

  /** Replays the stored log in chunks, then subscribes from where the replay ended. */
  start(store: EventStore, batchSize: number): void {
    MemoryCopy.startTogether([this], store, batchSize);
  }

  /**
   * Starts copies side by side: each reads its snapshot; the copies then standing at the same
   * checkpoint (on a first start, all of them) replay the log through one reader, so each event is
   * read and decoded once for all of them; each then subscribes from where it got. `pace` may hold
   * the replay back between chunks.
   */
  static startTogether(
    copies: readonly MemoryCopy[],
    store: EventStore,
    batchSize: number,
    pace?: ReplayPace,
  ): void {
    const replayed = Promise.all(copies.map((copy) => copy.restore())).then(async () => {
      const groups = new Map<string, MemoryCopy[]>();
      for (const copy of copies) {
        if (copy.halted) continue;
        const key = String(copy.checkpoint.position);
        groups.set(key, [...(groups.get(key) ?? []), copy]);
      }
      await Promise.all([...groups.values()].map((group) => replayTogether(group, store, batchSize, pace)));
    });
    for (const copy of copies) {
      // A halted copy stops waiting at once (the others' replay goes on without it).
      const released = new Promise<void>((resolve) => {
        copy.release = resolve;
      });
      copy.replaying = Promise.race([replayed, released]).then(
        () => {
          if (copy.halted) return;
          copy.feed = new Feed([copy], batchSize);
          copy.feed.start(store, copy.checkpoint.position);
        },
        (error: unknown) => copy.fail(null, error),
      );
    }
  }

  async halt(): Promise<void> {
    this.halted = true;
    this.release();
    if (this.state !== 'failed') this.state = 'stopped';
    await this.thread?.stop();
    await this.replaying;
    await this.feed?.leave(this);
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /** Built by a worker thread until it reports back with a snapshot (see `adopt`). */
  buildOffThread(thread: ThreadBuild): void {
    this.thread = thread;
  }

  /** The thread's model has got this far (status while it builds). */
  advancedOffThread(checkpoint: Checkpoint): void {
    this.checkpoint = checkpoint;
    if (checkpoint.position !== null && (this.reached === null || checkpoint.position > this.reached))
      this.reached = checkpoint.position;
  }

  failedOffThread(failure: ProjectionFailure): void {
    if (this.halted) return;
    this.state = 'failed';
    this.failure = failure;
    this.halted = true;
    this.hooks.failed(this);
  }

  /** Takes the model a thread built (decoded from its snapshot in `folder`) and continues from its checkpoint. */
  adopt(model: unknown, checkpoint: Checkpoint, folder: string): void {
    this.model = model;
    this.checkpoint = checkpoint;
    this.snapshotAt = checkpoint;
    this.reached = checkpoint.position;
    this.builtIn = folder;
  }

  /**
   * On the switch: the snapshot the thread wrote becomes the projection's snapshot (a rename, no
   * encoding on this thread); a copy built on this thread writes its own.
   */
  persistAfterSwitch(): void {
    const built = this.builtIn;
    this.builtIn = undefined;
    if (built === undefined) {
      this.snapshot();
      return;
    }
    const { name, version } = this.definition;
    try {
      renameSync(snapshotPath(built, name, version), snapshotPath(this.folder, name, version));
    } catch (error) {
      // No snapshot from the thread (an empty log) or it is gone: write this copy's own.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.snapshotAt = EMPTY_CHECKPOINT;
      this.snapshot();
    }
  }

  /**
   * Reads the snapshot into the model and checkpoint, in slices with a turn of the event loop between
   * them where the definition can (`decodeInSlices`). Until it is done the copy is catching up with an
   * empty model and nothing to snapshot; halted meanwhile, it keeps nothing it read.
   */
  private async restore(): Promise<void> {
    if (!this.restoring) return;
    this.restoring = false;
    const loaded = await loadSnapshot(this.definition, this.folder, () => this.halted);
    if (!loaded || this.halted) return;
    this.model = loaded.model;
    this.checkpoint = loaded.checkpoint;
    this.snapshotAt = loaded.checkpoint;
    this.reached = loaded.checkpoint.position;
    this.hooks.progressed(this);
  }

  consume(events: RecordedEvent[], passed: Position | null, caughtUp: boolean): void {
    if (this.halted) return;
    if (events.length > 0 && !this.apply(events)) return;
    if (passed !== null && (this.reached === null || passed > this.reached)) this.reached = passed;
    if (caughtUp && !this.caughtUp) {
      this.caughtUp = true;
      if (this.role === 'active') this.state = 'live';
    }
    if (this.snapshotDue()) this.snapshot();
    this.hooks.progressed(this);
  }

  fail(event: RecordedEvent | null, error: unknown): void {
    if (this.halted) return;
    this.state = 'failed';
    this.failure = failureOf(event, error);
    this.halted = true;
    void this.feed?.leave(this);
    this.hooks.failed(this);
  }

  /** Writes the model at its checkpoint unless nothing changed since the last snapshot. */
  snapshot(): void {
    if (this.state === 'failed' || this.checkpoint.processed === this.snapshotAt.processed) return;
    const { name, version } = this.definition;
    const started = Date.now();
    writeSnapshot(this.folder, name, version, this.checkpoint, this.definition.encode(this.model));
    this.snapshotAt = this.checkpoint;
    this.snapshotTime = Date.now();
    this.snapshotMs = this.snapshotTime - started;
  }

  private snapshotDue(): boolean {
    return (
      this.role === 'active' &&
      snapshotDue(
        {
          processed: this.checkpoint.processed,
          lastProcessed: this.snapshotAt.processed,
          caughtUp: this.caughtUp,
          sinceLastMs: Date.now() - this.snapshotTime,
          lastWriteMs: this.snapshotMs,
        },
        this.snapshots,
      )
    );
  }

  /** Applies the batch; on an evolve error the copy fails at that event (it does not advance past it). */
  private apply(events: RecordedEvent[]): boolean {
    const { definition, types, model } = this;
    let applied = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if ((types === null || types.has(event.type)) && !isInfrastructureStream(event.stream)) {
        try {
          definition.evolve(model, event);
        } catch (error) {
          this.advance(events[i - 1]?.position ?? null, i, applied);
          this.fail(event, error);
          return false;
        }
        applied++;
      }
    }
    this.advance(events[events.length - 1]!.position, events.length, applied);
    return true;
  }

  private advance(position: Position | null, processed: number, applied: number): void {
    if (position === null) return;
    this.checkpoint = {
      position,
      processed: this.checkpoint.processed + processed,
      applied: this.checkpoint.applied + applied,
    };
    if (this.reached === null || position > this.reached) this.reached = position;
  }
}

/**
 * The snapshot of the definition's version; an unreadable one is ignored (the copy replays the log).
 * Undefined too when `halted` turns true between slices.
 */
export async function loadSnapshot(
  definition: MemoryProjectionDefinition,
  folder: string,
  halted: () => boolean,
): Promise<{ model: unknown; checkpoint: Checkpoint } | undefined> {
  try {
    const loaded = await readSnapshot(folder, definition.name, definition.version, halted);
    if (!loaded || halted()) return undefined;
    if (!definition.decodeInSlices)
      return { model: definition.decode(loaded.bytes), checkpoint: loaded.checkpoint };
    const slices = definition.decodeInSlices(loaded.bytes);
    for (;;) {
      const step = slices.next();
      if (step.done) return { model: step.value, checkpoint: loaded.checkpoint };
      await new Promise((resolve) => setImmediate(resolve));
      if (halted()) return undefined;
    }
  } catch (error) {
    process.emitWarning(
      `Snapshot of ${definition.name}.v${definition.version} is unreadable (${error instanceof Error ? error.message : String(error)}); replaying the log instead`,
    );
    return undefined;
  }
}

/**
 * Catch-up by reading the log (`readAll`) once for copies standing at the same checkpoint, applied in
 * chunks with a yield to the event loop between chunks so queries and waits keep being served;
 * synchronous batch reads (the embedded store) cost no promise per event. Ends when the log does or
 * every copy has halted.
 */
async function replayTogether(
  copies: readonly MemoryCopy[],
  store: EventStore,
  batchSize: number,
  pace: ReplayPace | undefined,
): Promise<void> {
  const after = copies[0]!.checkpoint.position;
  const going = (): boolean => copies.some((copy) => !copy.isHalted);
  let chunk: RecordedEvent[] = [];
  const deliver = async (): Promise<void> => {
    const events = chunk;
    chunk = [];
    for (let wait = pace?.(events.at(-1)!.position); wait && going(); wait = pace?.(events.at(-1)!.position))
      await wait;
    for (const copy of copies) copy.consume(events, null, false);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const source = store.readAll({ fromPosition: after ?? 'start', readAhead: true });
  if (Symbol.iterator in source) {
    // Synchronous batches (the embedded store): no promise per event.
    for (const event of source as Iterable<RecordedEvent>) {
      if (after !== null && event.position <= after) continue;
      chunk.push(event);
      if (chunk.length < batchSize) continue;
      if (!going()) return;
      await deliver();
    }
  } else {
    for await (const event of source) {
      if (after !== null && event.position <= after) continue;
      chunk.push(event);
      if (chunk.length < batchSize) continue;
      if (!going()) return;
      await deliver();
    }
  }
  if (chunk.length > 0 && going()) await deliver();
}
