import type { EventStore, Position } from '@flr/event-store';
import { join } from 'node:path';
import { ProjectionCopies } from './copies';
import {
  InvalidProjectionDefinitionError,
  ProjectionRuntimeStateError,
  UnknownProjectionError,
} from './errors';
import { MemoryProjections } from './memory-projections';
import { SwitchingReader } from './read-model';
import { ProjectionRegistry } from './registry';
import { instanceId, ReadModelStorage } from './storage';
import type {
  MemoryProjectionDefinition,
  ProjectionDefinition,
  ProjectionRuntimeOptions,
  ProjectionStatus,
  ReadModelReader,
} from './types';
import { Waiters } from './waiters';
import type { ProjectionWorker } from './worker';

const HEAD_REFRESH_MS = 1000;

interface Running {
  readonly storage: ReadModelStorage;
  readonly copies: ProjectionCopies;
}

/**
 * Runs projections from their checkpoints; commits read-model writes and the checkpoint in one
 * LMDB transaction, so a restart resumes right after the last committed event (DESIGN §3.5).
 * A new version (or `rebuild`) is built beside the active copy from position 0 and replaces it,
 * atomically, once it has caught up; the old copy's data is dropped in that same transaction.
 */
export class ProjectionRuntime {
  private readonly registry = new ProjectionRegistry();
  private readonly readers = new Map<string, ReadModelReader>();
  private readonly waiters = new Waiters();
  private readonly store: EventStore;
  private readonly batchSize: number;
  private readonly memories: MemoryProjections;
  private running: Running | undefined;
  private head: Position = 0n;
  private headRefreshedAt = 0;

  constructor(private readonly options: ProjectionRuntimeOptions) {
    this.store = options.store;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 5000));
    const threads = options.rebuildThreads?.firstBuildThreads;
    if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 1))
      throw new ProjectionRuntimeStateError(
        `rebuildThreads.firstBuildThreads must be a positive integer, not ${threads}`,
      );
    const firstBatch = options.rebuildThreads?.firstBuildBatchSize;
    if (firstBatch !== undefined && !(Number.isSafeInteger(firstBatch) && firstBatch >= 1))
      throw new ProjectionRuntimeStateError(
        `rebuildThreads.firstBuildBatchSize must be a positive integer, not ${firstBatch}`,
      );
    for (const setting of ['minLag', 'firstBuildMinLag', 'firstBuildWindow'] as const) {
      const lag = options.rebuildThreads?.[setting];
      if (lag !== undefined && !(Number.isSafeInteger(lag) && lag >= 0))
        throw new ProjectionRuntimeStateError(
          `rebuildThreads.${setting} must be a non-negative integer, not ${lag}`,
        );
    }
    for (const setting of ['niceness', 'firstBuildNiceness'] as const) {
      const niceness = options.rebuildThreads?.[setting];
      if (niceness !== undefined && !(Number.isInteger(niceness) && niceness >= 0 && niceness <= 19))
        throw new ProjectionRuntimeStateError(
          `rebuildThreads.${setting} must be an integer 0-19, not ${niceness}`,
        );
    }
    this.memories = new MemoryProjections(
      join(options.path, 'snapshots'),
      {
        everyEvents: options.snapshots?.everyEvents ?? 2_000_000,
        minIntervalMs: options.snapshots?.minIntervalMs ?? 60_000,
      },
      () => this.waiters.notify(),
      options.rebuildThreads,
      () => this.head,
      () => this.firstBuildsReached(),
    );
  }

  /** Adds a definition; after start() it starts (or starts building) at once. */
  register(definition: ProjectionDefinition): void {
    if (this.memories.has(definition.name))
      throw new InvalidProjectionDefinitionError(definition.name, 'duplicate');
    this.registry.add(definition);
    this.running?.copies.plan([definition.name]);
  }

  /** Adds an in-memory projection (compact model + snapshots); after start() it starts at once. */
  registerMemory<M>(definition: MemoryProjectionDefinition<M>): void {
    if (this.registry.has(definition.name))
      throw new InvalidProjectionDefinitionError(definition.name, 'duplicate');
    this.memories.register(definition as MemoryProjectionDefinition);
  }

  /** The active copy of an in-memory projection's model (it changes on a rebuild's switch: fetch per question). */
  memory<M>(name: string): M {
    if (!this.memories.has(name)) throw new UnknownProjectionError(name);
    const model = this.memories.model(name);
    if (model === undefined) throw new ProjectionRuntimeStateError('ProjectionRuntime is not started');
    return model as M;
  }

  async start(): Promise<void> {
    if (this.running) throw new ProjectionRuntimeStateError('ProjectionRuntime already started');
    this.head = await this.store.headPosition();
    const maxDbs = this.options.maxDbs ?? 256;
    const storage = ReadModelStorage.open(this.options.path, maxDbs);
    const threads = this.options.rebuildThreads;
    const copies = new ProjectionCopies(
      this.registry,
      storage,
      this.store,
      this.batchSize,
      (worker) => this.progressed(worker),
      threads && { ...threads, readModels: this.options.path, maxDbs, head: () => this.head },
    );
    this.running = { storage, copies };
    copies.plan(this.registry.names());
    this.memories.start(this.store);
  }

  /**
   * The lowest position the threads building document copies first have committed (the pace of the
   * in-memory replay beside them); null when none does. Not what readers can see: a copy whose thread
   * holds rows in memory reaches no position until its end, while its thread reads on.
   */
  private firstBuildsReached(): Position | null {
    const running = this.running;
    if (!running) return null;
    let lowest: Position | null = null;
    for (const name of this.registry.names()) {
      if (!running.copies.activeOffThread(name)) continue;
      const reached = running.copies.committedOffThread(name) ?? -1n;
      if (lowest === null || reached < lowest) lowest = reached;
    }
    return lowest;
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await Promise.all([running.copies.stop(), this.memories.stop()]);
    this.waiters.cancelAll();
    await running.storage.close();
  }

  /** The active copy's read model; follows later switches. */
  reader(name: string): ReadModelReader {
    if (!this.registry.has(name)) throw new UnknownProjectionError(name);
    let reader = this.readers.get(name);
    if (!reader) {
      reader = new SwitchingReader(
        () => {
          const { storage, copies } = this.require();
          return storage.readModel(instanceId(copies.active(name)!));
        },
        // A thread writing the active copy (its first build) commits outside this count: no stamp then.
        () =>
          this.running && !this.running.copies.activeOffThread(name)
            ? ReadModelStorage.committed
            : Number.NaN,
      );
      this.readers.set(name, reader);
    }
    return reader;
  }

  /** True once every active projection has reached `position`; false after `timeoutMs` or an abort. */
  waitFor(position: Position, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waiters.wait(
      () => {
        const names = this.registry.names();
        const memories = this.memories.names();
        if (names.length === 0 && memories.length === 0) return true;
        const copies = this.running?.copies;
        return (
          !!copies &&
          names.every((name) => (copies.reached(name) ?? -1n) >= position) &&
          memories.every((name) => (this.memories.reached(name) ?? -1n) >= position)
        );
      },
      timeoutMs,
      signal,
    );
  }

  /** True once every registered projection's active copy has caught up with the log (readiness). */
  ready(timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(() => {
      const copies = this.running?.copies;
      return (
        !!copies &&
        this.registry.names().every((name) => copies.isLive(name)) &&
        this.memories.names().every((name) => this.memories.isLive(name))
      );
    }, timeoutMs);
  }

  status(): ProjectionStatus[] {
    if (!this.running) return [];
    return [...this.running.copies.status(this.head), ...this.memories.status(this.head)];
  }

  /** Builds a fresh copy of the latest definition beside the active one; resolves once it has switched. */
  async rebuild(name: string): Promise<void> {
    if (this.memories.has(name)) {
      this.require();
      return this.memories.rebuild(name);
    }
    if (!this.registry.has(name)) throw new UnknownProjectionError(name);
    await this.require().copies.rebuild(name);
  }

  private progressed(worker: ProjectionWorker): void {
    if (worker.reached !== null && worker.reached > this.head) this.head = worker.reached;
    if (!worker.caughtUp) this.refreshHead();
    this.waiters.notify();
  }

  private refreshHead(): void {
    const now = Date.now();
    if (now - this.headRefreshedAt < HEAD_REFRESH_MS) return;
    this.headRefreshedAt = now;
    this.store.headPosition().then(
      (head) => {
        if (head > this.head) this.head = head;
      },
      () => undefined,
    );
  }

  private require(): Running {
    if (!this.running) throw new ProjectionRuntimeStateError('ProjectionRuntime is not started');
    return this.running;
  }
}
