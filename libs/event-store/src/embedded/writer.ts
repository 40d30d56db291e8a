import { closeSync, fdatasync as fdatasyncCallback, openSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TransactionFlags } from 'lmdb';
import { ID_INDEX_SWEEP_THRESHOLD, IdIndex } from './id-index';
import { lastPosition, type StoreDatabases } from './lmdb-env';
import { WriterLock } from './writer-lock';

/** Handed to each write operation inside the batch transaction. */
export interface WriteContext {
  readonly dbs: StoreDatabases;
  /** Allocates the next `$all` position (strictly increasing, no gaps). */
  allocatePosition(): number;
  readonly ids: IdIndex;
}

/**
 * An operation runs inside the shared write transaction. It must decide (and throw) before its
 * first write: the transaction is committed as a whole, so a thrown operation writes nothing and
 * its neighbours in the batch are unaffected.
 */
export type WriteOperation<R> = (ctx: WriteContext) => R;

interface Pending {
  readonly run: WriteOperation<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Held from the first write until close: the lock, the data file to sync, positions and the id index. */
interface WriterSession {
  readonly lock: WriterLock;
  readonly fd: number;
  readonly ctx: WriteContext;
}

/**
 * lmdb-js transaction flags: synchronous commit, not abortable, no sync inside the commit (MDB_NOSYNC);
 * the writer then fdatasyncs the data file before acknowledging. In lmdb 3.5.6 here, abortable sync
 * transactions deadlock env.close() and async `transaction()` callbacks never ran (probes, 2026-11-22).
 * Caveat (LMDB MDB_NOSYNC): a power loss inside the microseconds between commit and fdatasync could damage
 * the last, unacknowledged transaction; acknowledged appends are on disk, and kill -9 loses nothing.
 */
const COMMIT_WITHOUT_SYNC = 0x10002 as unknown as TransactionFlags;
const fdatasync = promisify(fdatasyncCallback);

/**
 * The single writer with group commit: every operation submitted while a batch is being written
 * and flushed goes into the next batch, one LMDB transaction and one fsync for all of them.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closing = false;
  private session: WriterSession | null = null;
  private nextPosition = 0;

  constructor(
    private readonly dbs: StoreDatabases,
    private readonly onCommitted: (head: number) => void,
    private readonly sweepThreshold: number = ID_INDEX_SWEEP_THRESHOLD,
  ) {}

  /** Whether this instance is the data directory's writer (it has written since it was opened). */
  get isWriter(): boolean {
    return this.session !== null;
  }

  /** Becomes the writer now (takes the lock) instead of at the first write; throws StoreLockedError. */
  claim(): void {
    this.session ??= this.startSession();
  }

  submit<R>(run: WriteOperation<R>): Promise<R> {
    try {
      this.session ??= this.startSession();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.running ??= this.drain();
    });
  }

  /** Writes what is still pending (the id index sweep), waits for it and releases the writer lock. */
  async finish(): Promise<void> {
    while (this.running) await this.running;
    const session = this.session;
    if (!session) return;
    this.closing = true;
    if (session.ctx.ids.size > 0) await this.submit(() => undefined);
    closeSync(session.fd);
    session.lock.release();
    this.session = null;
  }

  /** Takes the lock, then reads the state another writer may have left since this store was opened. */
  private startSession(): WriterSession {
    const lock = WriterLock.acquire(this.dbs.path);
    try {
      this.dbs.env.resetReadTxn();
      this.nextPosition = lastPosition(this.dbs) + 1;
      const ids = new IdIndex(this.dbs, this.nextPosition - 1);
      const ctx: WriteContext = { dbs: this.dbs, allocatePosition: () => this.nextPosition++, ids };
      return { lock, fd: openSync(this.dbs.dataFile, 'r+'), ctx };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // One macrotask: callers woken by the previous batch (several promise hops away) and callers of
        // this turn all join this batch, which is what makes group commit pay off.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch, this.session!);
      }
    } finally {
      this.running = null;
    }
  }

  private async writeBatch(batch: Pending[], { fd, ctx }: WriterSession): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const positionBefore = this.nextPosition;
    try {
      this.dbs.env.transactionSync(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: pending.run(ctx) });
          } catch (error) {
            outcomes.push({ ok: false, value: error });
          }
        }
        if (ctx.ids.size >= this.sweepThreshold || this.closing) ctx.ids.sweep(this.nextPosition - 1);
      }, COMMIT_WITHOUT_SYNC);
      await fdatasync(fd);
    } catch (error) {
      this.nextPosition = Math.max(positionBefore, lastPosition(this.dbs) + 1);
      for (const pending of batch) pending.reject(error);
      return;
    }
    if (this.nextPosition > positionBefore) this.onCommitted(this.nextPosition - 1);
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.value);
    });
  }
}
