import { fdatasync as fdatasyncCallback } from 'node:fs';
import { promisify } from 'node:util';
import type { TransactionFlags } from 'lmdb';
import { EventStoreError } from '../errors';

/**
 * lmdb-js transaction flags of the writer's batch: synchronous commit (2), not abortable, and LMDB's
 * MDB_NOMETASYNC (0x40000) for this transaction. The commit then writes the data pages, syncs them,
 * and only then writes the meta page that makes them the current tree, without syncing it; the writer
 * fdatasyncs the data file right after (the meta page) before it acknowledges. A power loss at any
 * moment therefore leaves either the previous tree or the new, complete one: never a meta page that
 * points at pages still in the page cache (a torn store, which MDB_NOSYNC allowed), and never an
 * acknowledged append that is not on disk. Cost: two syncs per batch instead of one.
 * In lmdb 3.5.6 here, abortable sync transactions deadlock env.close() and async `transaction()`
 * callbacks never ran (probes, 2026-11-22), hence the synchronous commit.
 */
export const COMMIT_DATA_SYNCED_BEFORE_META = 0x40002 as unknown as TransactionFlags;

/** Makes the data file's contents durable (fdatasync); replaceable to inject a failing disk in tests. */
export type SyncDataFile = (fd: number) => Promise<void>;

export const fdatasyncDataFile: SyncDataFile = promisify(fdatasyncCallback);

/**
 * The data file could not be synced. The batch being synced is refused, and so is every later write
 * of this process: after a failed fsync the operating system may have dropped the unsynced pages, so
 * a later fsync that succeeds would not prove anything written before it is on disk. Appends
 * acknowledged before the failure are durable. Restarting the process re-reads the store from disk.
 */
export class StoreSyncFailedError extends EventStoreError {
  constructor(
    readonly dataFile: string,
    readonly syncError: unknown,
  ) {
    const reason = syncError instanceof Error ? syncError.message : String(syncError);
    super(
      `The event store could not sync ${dataFile} to disk (${reason}): appends acknowledged before this ` +
        'are durable; this process refuses every further write, because the operating system may have ' +
        'dropped the unsynced pages. Check the disk, then restart the process.',
    );
  }
}
