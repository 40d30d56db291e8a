import { join } from 'node:path';
import type { EventStore, Position } from '@flr/event-store';
import { type Deferred, deferred } from './deferred';
import { InvalidProjectionDefinitionError, ProjectionRebuildError } from './errors';
import { loadSnapshot, MemoryCopy, type ReplayPace } from './memory-copy';
import { failureOf, frozenStatus, memoryStatus } from './status';
import { EMPTY_CHECKPOINT } from './storage';
import { REBUILD_NICENESS, ThreadBuild, worthAThread } from './thread/thread-build';
import type {
  MemoryProjectionDefinition,
  MemorySnapshotOptions,
  ProjectionStatus,
  RebuildThreadOptions,
} from './types';

interface MemorySlot {
  readonly definition: MemoryProjectionDefinition;
  active?: MemoryCopy;
  building?: MemoryCopy;
  rebuild?: Deferred;
  generation: number;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Events handed to an in-memory copy at a time. There is no transaction to amortise, and small
 * batches let the decoded events die young (a large buffer pushes them into the old generation,
 * and garbage collection then dominates a rebuild).
 */
const MEMORY_BATCH = 1_000;

/** `RebuildThreadOptions.firstBuildWindow`'s default. */
export const FIRST_BUILD_WINDOW = 4_000_000;
const PACE_POLL_MS = 50;

/**
 * The in-memory projections of a runtime: one active copy each (from its snapshot, catching up),
 * and during a rebuild a second copy built from the start of the log beside it; reads switch to
 * the new copy once it has caught up, and its snapshot replaces the old one.
 */
export class MemoryProjections {
  private readonly slots = new Map<string, MemorySlot>();
  private store: EventStore | undefined;

  constructor(
    private readonly folder: string,
    private readonly snapshots: Required<MemorySnapshotOptions>,
    private readonly progressed: () => void,
    private readonly threads?: RebuildThreadOptions,
    private readonly head: () => Position = () => 0n,
    /**
     * The lowest position the document copies' first builds (in a thread) have committed, rows they hold
     * in memory included; null when none runs.
     */
    private readonly firstBuilds: () => Position | null = () => null,
  ) {}

  /** Holds a replay `firstBuildWindow` ahead of the first builds back until they catch up. */
  private readonly pace: ReplayPace = (position) => {
    const building = this.firstBuilds();
    if (building === null) return undefined;
    if (position - building <= BigInt(this.threads?.firstBuildWindow ?? FIRST_BUILD_WINDOW)) return undefined;
    return new Promise((resolve) => setTimeout(resolve, PACE_POLL_MS));
  };

  register(definition: MemoryProjectionDefinition): void {
    if (!NAME.test(definition.name))
      throw new InvalidProjectionDefinitionError(definition.name, 'invalid-name');
    if (!Number.isSafeInteger(definition.version) || definition.version < 1)
      throw new InvalidProjectionDefinitionError(definition.name, 'invalid-version');
    if (this.slots.has(definition.name))
      throw new InvalidProjectionDefinitionError(definition.name, 'duplicate');
    const slot: MemorySlot = { definition, generation: 0 };
    this.slots.set(definition.name, slot);
    if (this.store) this.startActive(slot);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  names(): string[] {
    return [...this.slots.keys()];
  }

  start(store: EventStore): void {
    this.store = store;
    const copies = [...this.slots.values()].map((slot) => this.activate(slot));
    MemoryCopy.startTogether(copies, store, MEMORY_BATCH, this.pace);
  }

  /** The active copy's model; undefined before start. */
  model(name: string): unknown {
    return this.slots.get(name)?.active?.model;
  }

  reached(name: string): Position | null {
    return this.slots.get(name)?.active?.reached ?? null;
  }

  isLive(name: string): boolean {
    return this.slots.get(name)?.active?.state === 'live';
  }

  status(head: Position): ProjectionStatus[] {
    return [...this.slots.values()].flatMap((slot) => {
      const copies = [slot.active, slot.building].filter((c): c is MemoryCopy => !!c);
      if (copies.length === 0) {
        const { name, version } = slot.definition;
        return [
          frozenStatus({ name, version, generation: 0 }, { position: null, processed: 0, applied: 0 }, head),
        ];
      }
      return copies.map((copy) => memoryStatus(copy, head));
    });
  }

  /** Builds a fresh copy from the start of the log beside the active one; settles on the switch. */
  rebuild(name: string): Promise<void> {
    const slot = this.slots.get(name)!;
    if (!this.store) return Promise.reject(new ProjectionRebuildError(name, 'the runtime is not started'));
    if (slot.building && slot.building.state !== 'failed') return slot.rebuild!.promise;
    if (slot.building) void slot.building.halt();
    slot.generation += 1;
    slot.rebuild = deferred();
    const { name: n, version } = slot.definition;
    slot.building = this.createCopy(slot, { name: n, version, generation: slot.generation }, 'building');
    if (this.threads && worthAThread(this.threads.minLag, this.head(), null))
      this.buildOffThread(slot, slot.building, this.threads);
    else slot.building.start(this.store, MEMORY_BATCH);
    return slot.rebuild.promise;
  }

  /**
   * A worker thread replays the log into a fresh model and writes its snapshot; this thread decodes
   * that snapshot, catches up from its position and switches (the decode is this thread's only long step).
   */
  private buildOffThread(slot: MemorySlot, copy: MemoryCopy, threads: RebuildThreadOptions): void {
    const folder = join(this.folder, 'building');
    const thread = new ThreadBuild(
      {
        kind: 'memory',
        ref: copy.ref,
        definitions: threads.definitions,
        eventLog: threads.eventLog,
        snapshotFolder: folder,
        batchSize: MEMORY_BATCH,
        niceness: threads.niceness ?? REBUILD_NICENESS,
      },
      (checkpoint) => {
        copy.advancedOffThread(checkpoint);
        this.progressed();
      },
    );
    copy.buildOffThread(thread);
    void thread.outcome.then(async (outcome) => {
      if (copy.isHalted || !this.store) return;
      if (outcome.kind === 'stopped') return;
      if (outcome.kind === 'failed') return copy.failedOffThread(outcome.failure);
      const { definition } = slot;
      // Decoded in slices where the definition can, with a turn of the event loop between them.
      const built = await loadSnapshot(definition, folder, () => copy.isHalted);
      if (copy.isHalted || !this.store) return;
      if (!built && outcome.checkpoint.position !== null)
        return copy.failedOffThread(
          failureOf(null, new Error(`the rebuild thread's snapshot in ${folder} could not be read`)),
        );
      copy.adopt(built?.model ?? definition.create(), built?.checkpoint ?? EMPTY_CHECKPOINT, folder);
      copy.start(this.store, MEMORY_BATCH);
    });
  }

  /** Stops every copy and snapshots each active one at its checkpoint. */
  async stop(): Promise<void> {
    const halting: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      slot.rebuild?.reject(new ProjectionRebuildError(slot.definition.name, 'the runtime stopped'));
      if (slot.building) halting.push(slot.building.halt());
      if (slot.active) {
        halting.push(slot.active.halt());
        slot.active.snapshot();
      }
      slot.active = undefined;
      slot.building = undefined;
      slot.rebuild = undefined;
    }
    this.store = undefined;
    await Promise.all(halting);
  }

  private startActive(slot: MemorySlot): void {
    MemoryCopy.startTogether([this.activate(slot)], this.store!, MEMORY_BATCH, this.pace);
  }

  private activate(slot: MemorySlot): MemoryCopy {
    const { name, version } = slot.definition;
    slot.active = this.createCopy(slot, { name, version, generation: slot.generation }, 'active');
    return slot.active;
  }

  private createCopy(slot: MemorySlot, ref: MemoryCopy['ref'], role: 'active' | 'building'): MemoryCopy {
    return new MemoryCopy(ref, role, slot.definition, this.folder, this.snapshots, {
      progressed: (copy) => {
        if (slot.building === copy && copy.caughtUp) this.promote(slot, copy);
        this.progressed();
      },
      failed: (copy) => {
        if (slot.building === copy)
          slot.rebuild?.reject(new ProjectionRebuildError(ref.name, copy.failure?.message ?? 'failed'));
        this.progressed();
      },
    });
  }

  private promote(slot: MemorySlot, copy: MemoryCopy): void {
    const old = slot.active;
    copy.role = 'active';
    copy.state = 'live';
    slot.active = copy;
    slot.building = undefined;
    void old?.halt();
    copy.persistAfterSwitch();
    slot.rebuild?.resolve();
    slot.rebuild = undefined;
  }
}
