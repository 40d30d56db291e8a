import { availableParallelism } from 'node:os';
import type { EventStore, Position } from '@flr/event-store';
import { type Deferred, deferred } from './deferred';
import { ProjectionRebuildError } from './errors';
import { Feed } from './feed';
import type { ProjectionRegistry } from './registry';
import type { InstanceRef, ReadModelStorage } from './storage';
import { frozenStatus, workerStatus } from './status';
import { FIRST_BUILD_NICENESS, REBUILD_NICENESS, ThreadBuild, worthAThread } from './thread/thread-build';
import type { ProjectionDefinition, ProjectionStatus, RebuildThreadOptions } from './types';
import { ProjectionWorker, type WorkerRole } from './worker';

/** What a copy built in a worker thread needs besides the runtime's own settings. */
export interface CopyThreads extends RebuildThreadOptions {
  readonly readModels: string;
  readonly maxDbs: number;
  /** The last known head of the log (a short build stays on this event loop: `minLag`). */
  readonly head: () => Position;
}

/** Default longest write transaction of a rebuild thread (see RebuildThreadOptions). */
const TRANSACTION_BUDGET_MS = 20;

/** Default log length from which an empty folder's first copies build in a thread (RebuildThreadOptions). */
export const FIRST_BUILD_MIN_LAG = 1_000_000;

/** Default events per transaction of a first build in a thread (RebuildThreadOptions.firstBuildBatchSize). */
export const FIRST_BUILD_BATCH = 50_000;

/** Per projection name: the copy serving reads, and the copy being built beside it. */
interface Slot {
  active: InstanceRef;
  activeWorker?: ProjectionWorker;
  building?: ProjectionWorker;
  rebuild?: Deferred;
}

/**
 * The copies of every projection while the runtime runs: which one serves reads, which one is
 * built beside it, and the switch between them (DESIGN §3.5).
 */
export class ProjectionCopies {
  private readonly slots = new Map<string, Slot>();
  private readonly retiring = new Set<Promise<void>>();
  /** Copies created by the last plan or rebuild, not yet reading the log. */
  private readonly unfed: ProjectionWorker[] = [];

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly storage: ReadModelStorage,
    private readonly store: EventStore,
    private readonly batchSize: number,
    private readonly progressed: (worker: ProjectionWorker) => void,
    private readonly threads?: CopyThreads,
  ) {}

  /** Brings the copies of `names` in line with their definitions and persisted activation, then feeds them. */
  plan(names: readonly string[]): void {
    // A first build that held rows in memory and stopped before writing them (a crash, a stop) left a
    // copy without them: it starts again from the log's start (as a first build, when nothing else ran).
    for (const name of names) {
      const active = this.storage.role(name, 'active');
      if (active && this.storage.rowsHeld(active)) this.storage.createInstance(active, 'active');
    }
    const first = this.firstBuildGroup(names);
    const group: ProjectionWorker[] = [];
    for (const name of names) {
      const worker = this.planOne(name, first);
      if (worker) group.push(worker);
    }
    if (group.length > 0) {
      const threads = this.threads!;
      const wanted = threads.firstBuildThreads ?? availableParallelism() - 1;
      const count = Math.max(1, Math.min(group.length, wanted));
      for (const dealt of dealByWeight(
        group,
        count,
        (worker) => this.registry.get(worker.ref.name, worker.ref.version)?.rebuildWeight ?? 1,
      ))
        this.buildFirstOffThread(dealt, threads);
    }
    this.feedNewWorkers();
  }

  /**
   * The names whose first copies build together in a thread: all of them, when threads are configured,
   * nothing was planned before, no copy of theirs has applied anything (an empty folder: no live copy
   * writes the environment meanwhile) and the log is long enough; otherwise none.
   */
  private firstBuildGroup(names: readonly string[]): ReadonlySet<string> {
    const threads = this.threads;
    const none = new Set<string>();
    if (!threads || this.slots.size > 0 || names.length === 0) return none;
    const least = threads.firstBuildMinLag ?? FIRST_BUILD_MIN_LAG;
    if (!worthAThread(least, threads.head(), null)) return none;
    for (const name of names) {
      const target = this.registry.latest(name);
      const active = this.storage.role(name, 'active');
      if (active && (active.version !== target.version || this.storage.checkpoint(active).position !== null))
        return none;
      if (this.storage.role(name, 'building')) return none;
    }
    return new Set(names);
  }

  /** True while a thread builds the active copy of `name` (it commits outside this thread's count). */
  activeOffThread(name: string): boolean {
    return this.slots.get(name)?.activeWorker?.offThread ?? false;
  }

  /**
   * One thread builds the group's first copies (thread/rebuild-thread.ts `buildFirst`); this thread
   * then feeds each from its checkpoint. A copy whose evolve threw there fails as it would here; a
   * thread that stopped or could not run leaves its copies to be caught up here from where they got
   * (from the start, when they held rows in memory there).
   */
  private buildFirstOffThread(group: ProjectionWorker[], threads: CopyThreads): void {
    const readBack = (worker: ProjectionWorker) =>
      worker.advancedOffThread(this.storage.checkpoint(worker.ref), !this.storage.rowsHeld(worker.ref));
    const thread = new ThreadBuild(
      {
        kind: 'lmdb-first',
        ref: group[0]!.ref,
        group: group.map((worker) => worker.ref),
        definitions: threads.definitions,
        eventLog: threads.eventLog,
        readModels: threads.readModels,
        maxDbs: threads.maxDbs,
        batchSize: Math.max(this.batchSize, threads.firstBuildBatchSize ?? FIRST_BUILD_BATCH),
        niceness: threads.firstBuildNiceness ?? FIRST_BUILD_NICENESS,
      },
      (progress) => {
        // The thread's commits are in this environment: the checkpoints are read back, not sent.
        for (const worker of group) {
          if (worker.isHalted) continue;
          readBack(worker);
          worker.threadPosition = progress.position;
          this.progressed(worker);
        }
      },
    );
    for (const worker of group) worker.buildOffThread(thread);
    void thread.outcome.then((outcome) => {
      for (const worker of group) {
        if (worker.isHalted) continue;
        readBack(worker);
        const failure = outcome.kind === 'done' ? outcome.failures.get(worker.id) : undefined;
        if (failure) worker.failedOffThread(null, failure);
        else {
          // The thread ended without writing the rows it held (it could not finish): from the start here.
          if (this.storage.rowsHeld(worker.ref)) worker.startOver();
          this.unfed.push(worker);
        }
      }
      this.feedNewWorkers();
    });
  }

  /** Builds a fresh copy of the latest definition beside the active one; settles on the switch. */
  rebuild(name: string): Promise<void> {
    const switched = this.beginBuild(name);
    this.feedNewWorkers();
    return switched;
  }

  active(name: string): InstanceRef | undefined {
    return this.slots.get(name)?.active;
  }

  /**
   * How far the thread building the active copy of `name` has committed, rows it holds in memory
   * included (its readers may see less: `reached`); null when no thread builds it.
   */
  committedOffThread(name: string): Position | null {
    const worker = this.slots.get(name)?.activeWorker;
    if (!worker?.offThread) return null;
    const read = worker.checkpoint.position;
    const told = worker.threadPosition;
    return read === null || (told !== null && told > read) ? told : read;
  }

  /** Highest position the active copy of `name` has fully applied. */
  reached(name: string): Position | null {
    const slot = this.slots.get(name);
    if (!slot) return null;
    return slot.activeWorker ? slot.activeWorker.reached : this.storage.checkpoint(slot.active).position;
  }

  isLive(name: string): boolean {
    return this.slots.get(name)?.activeWorker?.state === 'live';
  }

  status(head: Position): ProjectionStatus[] {
    return [...this.slots.values()].flatMap((slot) => {
      const active = slot.activeWorker
        ? workerStatus(slot.activeWorker, head)
        : frozenStatus(slot.active, this.storage.checkpoint(slot.active), head);
      return slot.building ? [active, workerStatus(slot.building, head)] : [active];
    });
  }

  async stop(): Promise<void> {
    const halting = [...this.slots.values()].flatMap((slot) => {
      slot.rebuild?.reject(new ProjectionRebuildError(slot.active.name, 'the runtime stopped'));
      return [slot.activeWorker?.halt(), slot.building?.halt()];
    });
    await Promise.all([...halting, ...this.retiring]);
    this.slots.clear();
  }

  /** Returns the active copy's new worker when it is to be built in the first-build thread. */
  private planOne(name: string, firstBuild: ReadonlySet<string>): ProjectionWorker | undefined {
    const target = this.registry.latest(name);
    let active = this.storage.role(name, 'active');
    if (!active) {
      // A first version has nothing to serve beside it: it is active (catching up) at once.
      active = { name, version: target.version, generation: 0 };
      this.storage.createInstance(active, 'active');
    }
    const slot: Slot = this.slots.get(name) ?? { active };
    this.slots.set(name, slot);
    const definition = this.registry.get(name, active.version);
    let offThread: ProjectionWorker | undefined;
    if (definition && !slot.activeWorker) {
      slot.activeWorker = this.createWorker(active, 'active', definition, !firstBuild.has(name));
      if (firstBuild.has(name)) offThread = slot.activeWorker;
    }
    const building = slot.building?.ref ?? this.storage.role(name, 'building');
    const wanted = building?.version === target.version;
    if (building && !wanted) {
      if (slot.building) this.retire(slot.building);
      slot.building = undefined;
      this.storage.abandonBuilding(name);
    }
    if (building && wanted && !slot.building) this.startBuilding(slot, building, false);
    if (!wanted && active.version !== target.version) void this.beginBuild(name);
    return offThread;
  }

  private beginBuild(name: string): Promise<void> {
    const slot = this.slots.get(name)!;
    if (slot.building && slot.building.state !== 'failed') return slot.rebuild!.promise;
    const target = this.registry.latest(name);
    const generation = slot.active.version === target.version ? slot.active.generation + 1 : 0;
    const ref = { name, version: target.version, generation };
    if (slot.building) this.retire(slot.building);
    this.storage.createInstance(ref, 'building');
    this.startBuilding(slot, ref, true);
    return slot.rebuild!.promise;
  }

  /** `fresh`: a new build; otherwise one found in storage at start (resumed where it got to). */
  private startBuilding(slot: Slot, ref: InstanceRef, fresh: boolean): void {
    slot.rebuild = deferred();
    const definition = this.registry.get(ref.name, ref.version)!;
    const threads = this.threads;
    const checkpoint = this.storage.checkpoint(ref).position;
    const offThread = !!threads && worthAThread(threads.minLag, threads.head(), checkpoint);
    slot.building = this.createWorker(ref, 'building', definition, !offThread);
    if (offThread) this.buildOffThread(slot.building, threads, fresh);
  }

  private createWorker(
    ref: InstanceRef,
    role: WorkerRole,
    definition: ProjectionDefinition,
    feed = true,
  ): ProjectionWorker {
    const worker = new ProjectionWorker(ref, role, definition, this.storage, {
      progressed: (w) => this.onProgress(w),
      failed: (w) => this.onFailure(w),
    });
    if (feed) this.unfed.push(worker);
    return worker;
  }

  /**
   * A worker thread builds the copy up to the log's end, off this event loop; this thread then
   * feeds it from the thread's checkpoint (the last few events) and switches to it on catching up.
   */
  private buildOffThread(
    worker: ProjectionWorker,
    threads: CopyThreads,
    fresh: boolean,
    phase: 'build' | 'copy-in' = 'build',
  ): void {
    const thread = new ThreadBuild(
      {
        kind: 'lmdb',
        phase,
        fresh,
        ref: worker.ref,
        definitions: threads.definitions,
        eventLog: threads.eventLog,
        readModels: threads.readModels,
        maxDbs: threads.maxDbs,
        batchSize: this.batchSize,
        transactionBudgetMs: threads.transactionBudgetMs ?? TRANSACTION_BUDGET_MS,
        niceness: phase === 'build' ? (threads.niceness ?? REBUILD_NICENESS) : 0,
      },
      (checkpoint) => {
        worker.advancedOffThread(checkpoint);
        this.progressed(worker);
      },
    );
    worker.buildOffThread(thread);
    void thread.outcome.then((outcome) => {
      if (worker.isHalted) return;
      if (outcome.kind === 'failed') return worker.failedOffThread(outcome.checkpoint, outcome.failure);
      if (outcome.kind === 'stopped') return;
      if (phase === 'build') {
        worker.advancedOffThread(outcome.checkpoint);
        return this.buildOffThread(worker, threads, false, 'copy-in');
      }
      // The thread's commits are in the environment: read the checkpoint back rather than trust a message.
      worker.advancedOffThread(this.storage.checkpoint(worker.ref));
      this.unfed.push(worker);
      this.feedNewWorkers();
    });
  }

  /** Starts the new copies: one shared subscription per distinct checkpoint. */
  private feedNewWorkers(): void {
    const groups = new Map<string, ProjectionWorker[]>();
    for (const worker of this.unfed.splice(0)) {
      const key = String(worker.checkpoint.position);
      groups.set(key, [...(groups.get(key) ?? []), worker]);
    }
    for (const workers of groups.values()) {
      const feed = new Feed(workers, this.batchSize);
      for (const worker of workers) worker.attach(feed);
      feed.start(this.store, workers[0]!.checkpoint.position);
    }
  }

  private onProgress(worker: ProjectionWorker): void {
    const slot = this.slots.get(worker.ref.name);
    if (slot?.building === worker && worker.caughtUp) this.promote(slot, worker);
    this.progressed(worker);
  }

  /** The building copy has caught up: switch reads to it and drop the old copy, atomically. */
  private promote(slot: Slot, worker: ProjectionWorker): void {
    if (slot.activeWorker) this.retire(slot.activeWorker);
    this.storage.promote(worker.ref.name);
    worker.role = 'active';
    worker.state = 'live';
    slot.active = worker.ref;
    slot.activeWorker = worker;
    slot.building = undefined;
    slot.rebuild?.resolve();
    slot.rebuild = undefined;
  }

  private onFailure(worker: ProjectionWorker): void {
    const slot = this.slots.get(worker.ref.name);
    if (slot?.building === worker) {
      slot.rebuild?.reject(new ProjectionRebuildError(worker.ref.name, worker.failure?.message ?? 'failed'));
    }
  }

  private retire(worker: ProjectionWorker): void {
    const done = worker.halt().finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }
}

/**
 * `items` dealt to `count` hands: the heaviest first, each to the hand with the least weight so far
 * (ties: the hand with fewer items, then the lower hand); a hand keeps its items in their given order.
 */
export function dealByWeight<T>(items: readonly T[], count: number, weight: (item: T) => number): T[][] {
  const order = items.map((item, index) => ({ item, index, weight: weight(item) }));
  order.sort((a, b) => b.weight - a.weight || a.index - b.index);
  const hands = Array.from({ length: count }, () => ({
    weight: 0,
    dealt: [] as { item: T; index: number }[],
  }));
  for (const each of order) {
    let lightest = hands[0]!;
    for (const hand of hands)
      if (
        hand.weight < lightest.weight ||
        (hand.weight === lightest.weight && hand.dealt.length < lightest.dealt.length)
      )
        lightest = hand;
    lightest.weight += each.weight;
    lightest.dealt.push(each);
  }
  return hands
    .filter((hand) => hand.dealt.length > 0)
    .map((hand) => hand.dealt.sort((a, b) => a.index - b.index).map((d) => d.item));
}
