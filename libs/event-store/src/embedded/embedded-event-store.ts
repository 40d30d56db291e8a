import type {
  AppendOptions,
  AppendResult,
  DeleteResult,
  EventData,
  EventStore,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../port';
import { DEFAULT_MAX_APPEND_SIZE, validateAppend, validateStreamName } from '../validation';
import type { BatchIterable } from '../batch-iterable';
import { appendOperation, deleteOperation } from './operations';
import { openDatabases, lastPosition, type StoreDatabases } from './lmdb-env';
import { readAll, readStream } from './reads';
import { allSource, streamSource } from './sources';
import { PullSubscription } from './subscription';
import { GroupCommitWriter } from './writer';
import type { SyncDataFile } from './durability';
import {
  type BulkImportEvent,
  type BulkImportOptions,
  type BulkImportResult,
  bulkImportInto,
} from './bulk-import';

/** How often a subscription of a store that is not the writer looks for another process's commits. */
const READER_POLL_MS = 200;

export interface EmbeddedEventStoreOptions {
  /** Directory of the LMDB environment; created when missing. */
  readonly path: string;
  /** Bytes of type + data + metadata per append (default 1 MiB, as EventStoreDB). */
  readonly maxAppendSize?: number;
  /** Event ids held in memory before one sorted sweep into the id index (default 100,000; tuning and tests). */
  readonly idIndexSweepThreshold?: number;
  /** Syncs the data file before an append is acknowledged (default fdatasync; tests inject a failing disk). */
  readonly syncDataFile?: SyncDataFile;
  /**
   * Opened for a bulk import (`bulkImport`): the kernel reads no pages around a page fault, so the
   * import's index look-ups stay cheap once the log outgrows the page cache (lmdb-env.ts). Leave it off
   * for a store that serves or replays the log: its long forward reads need the kernel's read-ahead.
   * lmdb-js shares one environment per path in a process: close this store before opening it as usual.
   */
  readonly randomAccess?: boolean;
}

/** The embedded, durable event store on LMDB (DESIGN §3.6). One writer per process and data directory. */
export class EmbeddedEventStore implements EventStore {
  private readonly writer: GroupCommitWriter;
  private readonly subscriptions = new Set<PullSubscription>();
  private head: number;
  private commitSignal!: Promise<void>;
  private signalCommit!: () => void;
  private closed = false;
  private pollTimer: NodeJS.Timeout | null = null;

  private readonly maxAppendSize: number;

  constructor(
    private readonly dbs: StoreDatabases,
    options: Omit<EmbeddedEventStoreOptions, 'path'> = {},
  ) {
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    this.head = lastPosition(dbs);
    this.armCommitSignal();
    const onCommitted = (head: number) => {
      this.head = head;
      this.fireCommitSignal();
    };
    this.writer = new GroupCommitWriter(
      dbs,
      onCommitted,
      options.idIndexSweepThreshold,
      options.syncDataFile,
    );
  }

  /**
   * Takes the data directory's writer lock now rather than at the first write, so a server that
   * cannot be the writer (another process holds the lock) finds out at start-up, not at its first
   * command. Throws StoreLockedError.
   */
  claimWriter(): void {
    this.writer.claim();
  }

  /** Imports many events of many streams per transaction and fsync (bulk-import.ts); resumable by re-running. */
  async bulkImport(
    events: AsyncIterable<BulkImportEvent> | Iterable<BulkImportEvent>,
    options: Omit<BulkImportOptions, 'maxAppendSize'> = {},
  ): Promise<BulkImportResult> {
    this.assertOpen();
    return bulkImportInto(this.writer, events, {
      ...options,
      maxAppendSize: this.maxAppendSize,
    });
  }

  async appendToStream(
    stream: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const valid = validateAppend(stream, events, this.maxAppendSize);
    return this.writer.submit(appendOperation(stream, valid, options.expectedRevision ?? 'any', Date.now()));
  }

  readStream(stream: string, options?: ReadStreamOptions): BatchIterable<RecordedEvent> {
    this.assertOpen();
    validateStreamName(stream);
    return readStream(this.dbs, stream, options);
  }

  readAll(options?: ReadAllOptions): BatchIterable<RecordedEvent> {
    this.assertOpen();
    return readAll(this.dbs, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const head = this.currentHead();
    return this.track(new PullSubscription(() => allSource(this.dbs, head, options), ...this.hooks()));
  }

  subscribeToStream(stream: string, options: SubscribeToStreamOptions = {}): Subscription {
    this.assertOpen();
    validateStreamName(stream);
    return this.track(new PullSubscription(() => streamSource(this.dbs, stream, options), ...this.hooks()));
  }

  deleteStream(stream: string, options: AppendOptions = {}): Promise<DeleteResult> {
    this.assertOpen();
    validateStreamName(stream);
    return this.writer.submit(deleteOperation(stream, options.expectedRevision ?? 'any', false));
  }

  tombstoneStream(stream: string, options: AppendOptions = {}): Promise<DeleteResult> {
    this.assertOpen();
    validateStreamName(stream);
    return this.writer.submit(deleteOperation(stream, options.expectedRevision ?? 'any', true));
  }

  async headPosition(): Promise<Position> {
    return BigInt(this.currentHead());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.writer.finish();
    await this.dbs.env.flushed;
    await this.dbs.env.close();
  }

  private hooks(): [() => Promise<void>, (subscription: PullSubscription) => void] {
    const nextChange = () => {
      if (!this.writer.isWriter) this.armPoll();
      return this.commitSignal;
    };
    return [nextChange, (subscription) => this.subscriptions.delete(subscription)];
  }

  /** The writer knows its durable head; a reader looks at what other processes have committed. */
  private currentHead(): number {
    if (this.writer.isWriter) return this.head;
    this.dbs.env.resetReadTxn();
    return lastPosition(this.dbs);
  }

  /**
   * Readers learn about another process's commits by polling (in-process commits signal at once):
   * a tick refreshes the read snapshot and wakes waiting subscriptions like a commit would.
   */
  private armPoll(): void {
    if (this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (this.closed) return;
      this.dbs.env.resetReadTxn();
      this.fireCommitSignal();
    }, READER_POLL_MS).unref();
  }

  private fireCommitSignal(): void {
    const signal = this.signalCommit;
    this.armCommitSignal();
    signal();
  }

  private track(subscription: PullSubscription): PullSubscription {
    this.subscriptions.add(subscription);
    return subscription;
  }

  private armCommitSignal(): void {
    this.commitSignal = new Promise<void>((resolve) => {
      this.signalCommit = resolve;
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

export async function openEmbeddedEventStore(options: EmbeddedEventStoreOptions): Promise<EventStore> {
  return openEmbeddedEventStoreImpl(options);
}

/** The concrete type, for callers (benches, replays) that use its synchronous iteration. */
export async function openEmbeddedEventStoreImpl(
  options: EmbeddedEventStoreOptions,
): Promise<EmbeddedEventStore> {
  return new EmbeddedEventStore(openDatabases(options.path, options), options);
}
