/**
 * The embedded event store on LMDB (DESIGN §3.6), one environment per data directory:
 * - `log`: position -> event (msgpack with shared structures); positions are 1, 2, 3, ... (`$all`)
 * - `stream-index`: [stream, revision] -> position; `streams`: stream -> last revision, soft delete, tombstone
 * - `event-ids`: uuid -> position, exact idempotency; recent ids stay in memory and are swept into the
 *   index in large sorted batches; on open, the log after the last sweep is re-read (id-index.ts)
 * Writes: one writer per data directory (`writer.lock`, taken at the first write), group commit; each
 * commit syncs its data pages before its meta page and the meta page before an append resolves
 * (durability.ts); a failed sync stops all writes of the process (StoreSyncFailedError).
 * Readers in other processes are welcome; their subscriptions poll every 200 ms.
 * Reads and subscriptions decode synchronous batches of 512 events (reads are also plain Iterables).
 */
export {
  EmbeddedEventStore,
  type EmbeddedEventStoreOptions,
  openEmbeddedEventStore,
  openEmbeddedEventStoreImpl,
} from './embedded-event-store';
export type { BulkImportEvent, BulkImportOptions, BulkImportResult } from './bulk-import';
export { type KillResumeReport, killAndResume } from './crash/kill-resume';
export { StoreSyncFailedError, type SyncDataFile } from './durability';
export { backupEventStore } from './backup';
export { type LogVerification, readEventLog, verifyEventLog } from './log-verify';
// The pure rules of an append and a delete (ESDB-PROTOCOL §2), shared with the in-memory test store
// (libs/testing) so that it keeps the same contract.
export { type AppendDecision, type DecisionView, decideAppend, decideDelete } from './decide';
export { NO_STREAM_STATE, type IdEntry, type StreamState } from './records';
