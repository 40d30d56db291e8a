import { closeSync, openSync } from 'node:fs';
import {
  COMMIT_DATA_SYNCED_BEFORE_META,
  fdatasyncDataFile,
  StoreSyncFailedError,
  type SyncDataFile,
} from './durability';
import { ID_INDEX_SWEEP_THRESHOLD, IdIndex } from './id-index';
import { lastPosition, type StoreDatabases } from './lmdb-env';
import { StreamIndexBuffer } from './stream-buffer';
import { WriterLock } from './writer-lock';

/** Handed to each write operation inside the batch transaction. */
export interface WriteContext {
  readonly dbs: StoreDatabases;
  /** Allocates the next `$all` position (strictly increasing, no gaps). */
  allocatePosition(): number;
  readonly ids: IdIndex;
  /** Stream index entries and stream states a bulk import holds back for a sorted merge (stream-buffer.ts). */
  readonly streams: StreamIndexBuffer;
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
 * The single writer with group commit: every operation submitted while a batch is being written
 * and flushed goes into the next batch, one LMDB transaction and one fsync for all of them.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closing = false;
  private session: WriterSession | null = null;
  private nextPosition = 0;
  /** Set when the data file failed to sync: every later write is refused (durability.ts). */
  private syncFailure: StoreSyncFailedError | null = null;

  constructor(
    private readonly dbs: StoreDatabases,
    private readonly onCommitted: (head: number) => void,
    private readonly sweepThreshold: number = ID_INDEX_SWEEP_THRESHOLD,
    private readonly syncDataFile: SyncDataFile = fdatasyncDataFile,
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
    if (this.syncFailure) return Promise.reject(this.syncFailure);
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
    const held = session.ctx.ids.size > 0 || session.ctx.streams.size > 0;
    if (held && !this.syncFailure) await this.submit(() => undefined);
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
      const head = this.nextPosition - 1;
      const ids = new IdIndex(this.dbs, head);
      const streams = new StreamIndexBuffer(this.dbs, head);
      // A writer killed during a bulk import left its last events out of the stream index: merged now,
      // before anything reads or decides on it.
      if (streams.size > 0) {
        this.dbs.env.transactionSync(() => {
          streams.flush();
          streams.settle(head);
        }, COMMIT_DATA_SYNCED_BEFORE_META);
      }
      const ctx: WriteContext = { dbs: this.dbs, allocatePosition: () => this.nextPosition++, ids, streams };
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
        if (this.syncFailure) for (const pending of batch) pending.reject(this.syncFailure);
        else await this.writeBatch(batch, this.session!);
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
        if (this.closing) ctx.streams.flush();
        ctx.streams.settle(this.nextPosition - 1);
      }, COMMIT_DATA_SYNCED_BEFORE_META);
    } catch (error) {
      this.nextPosition = Math.max(positionBefore, lastPosition(this.dbs) + 1);
      // What the failed transaction held back in memory was never written: held back again from the log.
      ctx.streams.reload(this.nextPosition - 1);
      for (const pending of batch) pending.reject(error);
      return;
    }
    try {
      await this.syncDataFile(fd);
    } catch (error) {
      this.syncFailure = new StoreSyncFailedError(this.dbs.dataFile, error);
      for (const pending of batch) pending.reject(this.syncFailure);
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
