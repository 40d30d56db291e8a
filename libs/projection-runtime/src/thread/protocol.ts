import type { InstanceRef } from '../storage';

/** A checkpoint as it crosses threads (bigint positions as decimal strings). */
export interface WireCheckpoint {
  readonly position: string | null;
  readonly processed: number;
  readonly applied: number;
}

interface JobBase {
  readonly ref: InstanceRef;
  /** URL of the module whose exports hold the definition (single definitions or arrays of them). */
  readonly definitions: string;
  /** Folder of the embedded event store (or local replica of the log) the thread reads. */
  readonly eventLog: string;
  /** SharedArrayBuffer of one Int32: set to 1 to stop the thread between transactions. */
  readonly stop: SharedArrayBuffer;
  /** Nice value of the thread (Linux), 0 to leave it at the process's. */
  readonly niceness: number;
}

/** Build a document (LMDB) copy in the read-model environment, from its checkpoint to the log's end. */
export interface LmdbJob extends JobBase {
  readonly kind: 'lmdb';
  /**
   * 'build': evolve into the scratch environment (at `niceness`); 'copy-in': copy its rows into the
   * read-model environment (at the process's priority: a low-priority thread preempted while holding
   * that environment's write lock holds up the API thread's live commits).
   */
  readonly phase: 'build' | 'copy-in';
  readonly readModels: string;
  /** A new build (its scratch environment is cleared) rather than one resumed after a restart. */
  readonly fresh: boolean;
  readonly maxDbs: number;
  /** Most events per write transaction of the scratch environment; most rows per copy-in transaction. */
  readonly batchSize: number;
  /** A copy-in transaction that took longer than this makes the next ones smaller (the API thread waits for the write lock). */
  readonly transactionBudgetMs: number;
}

/** Build an in-memory model from the start of the log and write its snapshot into `snapshotFolder`. */
export interface MemoryJob extends JobBase {
  readonly kind: 'memory';
  readonly snapshotFolder: string;
  readonly batchSize: number;
}

/**
 * The first build of several document copies (an empty read-model folder on a long log): one thread
 * reads the log once for all of them and writes straight into the read-model environment, where no
 * copy is live yet to wait for its write lock. `ref` is the first of `group`.
 */
export interface FirstBuildJob extends JobBase {
  readonly kind: 'lmdb-first';
  readonly group: readonly InstanceRef[];
  readonly readModels: string;
  readonly maxDbs: number;
  /** Events per write transaction. */
  readonly batchSize: number;
}

export type ThreadJob = LmdbJob | MemoryJob | FirstBuildJob;

/** A job as the runtime describes it (the stop flag is the thread build's own). */
export type JobSpec = Omit<LmdbJob, 'stop'> | Omit<MemoryJob, 'stop'> | Omit<FirstBuildJob, 'stop'>;

/** A copy of a first-build group whose `evolve` threw: it stopped there, the others went on. */
export interface WireFailure {
  readonly instance: string;
  readonly position: string | null;
  readonly eventType: string | null;
  readonly message: string;
}

export type ThreadMessage =
  | { readonly kind: 'progress'; readonly checkpoint: WireCheckpoint }
  | {
      readonly kind: 'done';
      readonly checkpoint: WireCheckpoint;
      readonly threadId: number;
      /** A first-build group's copies that failed. */
      readonly failures?: readonly WireFailure[];
    }
  | {
      readonly kind: 'failed';
      readonly checkpoint: WireCheckpoint | null;
      readonly position: string | null;
      readonly eventType: string | null;
      readonly message: string;
    }
  | { readonly kind: 'stopped' };
