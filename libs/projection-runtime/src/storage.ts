import { mkdirSync } from 'node:fs';
import type { Position } from '@flr/event-store';
import { type Database, open, type RootDatabase } from 'lmdb';
import type { Key } from './types';

/** One copy of a projection's read model: a version, rebuilt `generation` times. */
export interface InstanceRef {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
}

export interface Checkpoint {
  /** Last committed event position, null before the first. */
  readonly position: Position | null;
  readonly processed: number;
  readonly applied: number;
}

export const EMPTY_CHECKPOINT: Checkpoint = { position: null, processed: 0, applied: 0 };

export function instanceId(ref: InstanceRef): string {
  return `${ref.name}.v${ref.version}${ref.generation > 0 ? `.g${ref.generation}` : ''}`;
}

export function sameInstance(a: InstanceRef | undefined, b: InstanceRef | undefined): boolean {
  return !!a && !!b && instanceId(a) === instanceId(b);
}

type Role = 'active' | 'building';
interface StoredCheckpoint {
  position: string | null;
  processed: number;
  applied: number;
  /** A first build holds rows in memory (not in the read model) up to this checkpoint. */
  rowsHeld?: true;
}

/**
 * The read-model LMDB environment: one named database per instance (e.g. 'directory.v1'),
 * '$checkpoints' (instance -> last committed position) and '$activations' (name -> active and
 * building instance). All of it is one environment, so a transaction covers read-model writes,
 * the checkpoint and a switch together (DESIGN §3.5).
 */
export class ReadModelStorage {
  private readonly dbs = new Map<string, Database>();
  /** Write transactions ended in this thread, every storage counted (see `committed`). */
  private static commits = 0;

  private constructor(
    private readonly env: RootDatabase,
    private readonly checkpoints: Database<StoredCheckpoint, string>,
    private readonly activations: Database<InstanceRef, [string, Role]>,
  ) {}

  static open(path: string, maxDbs: number): ReadModelStorage {
    mkdirSync(path, { recursive: true });
    // lmdb treats a path with an extension ('readmodels.v2') as a file unless told otherwise.
    const env = open({ path, maxDbs, noSubdir: false });
    return new ReadModelStorage(
      env,
      env.openDB<StoredCheckpoint, string>({ name: '$checkpoints' }),
      env.openDB<InstanceRef, [string, Role]>({ name: '$activations' }),
    );
  }

  readModel(id: string): Database {
    let db = this.dbs.get(id);
    if (!db) {
      db = this.env.openDB({ name: id });
      this.dbs.set(id, db);
    }
    return db;
  }

  /** The instance's database with values as their stored bytes (a rebuild thread copies rows in). */
  rawReadModel(id: string): Database<Buffer, Key> {
    return this.env.openDB<Buffer, Key>({ name: id, encoding: 'binary' });
  }

  transact<T>(work: () => T): T {
    try {
      return this.env.transactionSync(work);
    } finally {
      ReadModelStorage.commits++;
    }
  }

  /**
   * Write transactions run through `transact` in this thread, of every storage, counted when each
   * ends (committed or not): it never repeats in a process. Every write to an active copy and every
   * switch is one; a rebuild thread writes only the copy being built, which no reader reads until
   * `promote` (a transaction here).
   */
  static get committed(): number {
    return ReadModelStorage.commits;
  }

  role(name: string, role: Role): InstanceRef | undefined {
    return this.activations.get([name, role]);
  }

  checkpoint(ref: InstanceRef): Checkpoint {
    const stored = this.checkpoints.get(instanceId(ref));
    if (!stored) return EMPTY_CHECKPOINT;
    const position = stored.position === null ? null : BigInt(stored.position);
    return { position, processed: stored.processed, applied: stored.applied };
  }

  /**
   * Inside a transaction. `rowsHeld`: the copy's first build holds rows in memory that the read model
   * lacks (ProjectionDefinition.holdInFirstBuild), so the copy is whole only once they are written.
   */
  writeCheckpoint(ref: InstanceRef, checkpoint: Checkpoint, rowsHeld = false): void {
    const position = checkpoint.position === null ? null : checkpoint.position.toString();
    const { processed, applied } = checkpoint;
    this.checkpoints.putSync(
      instanceId(ref),
      rowsHeld ? { position, processed, applied, rowsHeld } : { position, processed, applied },
    );
  }

  /** Whether the copy's last checkpoint was written while its first build held rows in memory. */
  rowsHeld(ref: InstanceRef): boolean {
    return this.checkpoints.get(instanceId(ref))?.rowsHeld === true;
  }

  /**
   * Gives `ref` a role with an empty read model and no checkpoint. Clearing matters: an id can be
   * reused (a version rolled back and forward), and leftover rows would be applied twice.
   */
  createInstance(ref: InstanceRef, role: Role): void {
    this.transact(() => {
      const previous = this.role(ref.name, role);
      if (previous && !sameInstance(previous, ref)) this.dropInTx(previous);
      this.readModel(instanceId(ref)).clearSync();
      this.checkpoints.removeSync(instanceId(ref));
      this.activations.putSync([ref.name, role], ref);
    });
  }

  /** Atomically makes the building instance active and drops the old active one's data. */
  promote(name: string): void {
    this.transact(() => {
      const building = this.role(name, 'building');
      if (!building) return;
      const previous = this.role(name, 'active');
      this.activations.putSync([name, 'active'], building);
      this.activations.removeSync([name, 'building']);
      if (previous && !sameInstance(previous, building)) this.dropInTx(previous);
    });
  }

  /** Drops a building instance that is no longer wanted (e.g. a newer version replaced it). */
  abandonBuilding(name: string): void {
    this.transact(() => {
      const building = this.role(name, 'building');
      if (!building) return;
      this.activations.removeSync([name, 'building']);
      this.dropInTx(building);
    });
  }

  async close(): Promise<void> {
    this.dbs.clear();
    await this.env.close();
  }

  private dropInTx(ref: InstanceRef): void {
    const id = instanceId(ref);
    this.readModel(id).dropSync();
    this.dbs.delete(id);
    this.checkpoints.removeSync(id);
  }
}
