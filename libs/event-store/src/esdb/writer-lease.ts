import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import type { EventStore } from '../port';

/** The lease stream: a system stream, so the register's `$all` readers never see it. */
export const WRITER_LEASE_STREAM = '$flr-writer-lease';
export const WRITER_LEASE_EVENT = 'WriterLeaseHeld';

/** One lease record: who writes, where it takes commands, and until when it promised to renew. */
export interface WriterLeaseRecord {
  readonly holder: string;
  /** The URL where the writer takes commands (what a follower names in its 503). */
  readonly address: string;
  /** Increases by one with every change of holder. */
  readonly term: number;
  /** The holder's own clock: informative only; followers time expiry with their own clock. */
  readonly expiresAt: string;
}

export interface WriterLeaseOptions {
  readonly store: EventStore;
  readonly address: string;
  /** Unique per process (default: a random id). */
  readonly holder?: string;
  /** A lease not renewed for this long (by the follower's own clock) is taken over. Default 6000. */
  readonly durationMs?: number;
  /** How often the writer renews and a follower looks. Default durationMs / 4. */
  readonly checkEveryMs?: number;
  /** Runs before this process starts deciding: catch up with what the previous writer wrote. */
  readonly beforeWriting?: () => Promise<void>;
  readonly onChange?: (change: { writer: boolean; lease: WriterLeaseRecord | undefined }) => void;
  readonly now?: () => number;
}

export const DEFAULT_WRITER_LEASE_MS = 6_000;

export interface WriterLeaseSettings {
  /** Where this replica takes commands, as clients reach it (named in followers' 503 answers). */
  readonly address: string;
  readonly durationMs: number;
}

/**
 * `FLR_WRITER_LEASE=on|off` (default off; on needs EventStoreDB), `FLR_REPLICA_ADDRESS` (this
 * replica's http(s) URL, required when on) and `FLR_WRITER_LEASE_MS` (1000..60000, default 6000):
 * the settings, or every problem with them.
 */
export function parseWriterLeaseSettings(
  env: Readonly<Record<string, string | undefined>>,
  onEventStoreDB: boolean,
): { readonly settings: WriterLeaseSettings | null; readonly problems: readonly string[] } {
  const mode = env.FLR_WRITER_LEASE?.trim().toLowerCase() || 'off';
  if (mode === 'off') return { settings: null, problems: [] };
  if (mode !== 'on')
    return { settings: null, problems: [`FLR_WRITER_LEASE must be on or off, got "${mode}"`] };
  const problems: string[] = [];
  if (!onEventStoreDB) {
    problems.push(
      'FLR_WRITER_LEASE=on needs EVENTSTORE_CONNECTION_STRING (the embedded store has one writer by its lock)',
    );
  }
  const address = env.FLR_REPLICA_ADDRESS?.trim() ?? '';
  if (!/^https?:\/\/[^\s/]+/.test(address)) {
    problems.push(
      `FLR_REPLICA_ADDRESS must be this replica's http(s) URL when FLR_WRITER_LEASE=on, got "${address}"`,
    );
  }
  const rawMs = env.FLR_WRITER_LEASE_MS?.trim() || String(DEFAULT_WRITER_LEASE_MS);
  const durationMs = Number(rawMs);
  if (!/^\d+$/.test(rawMs) || durationMs < 1000 || durationMs > 60_000) {
    problems.push(`FLR_WRITER_LEASE_MS must be an integer 1000..60000, got "${rawMs}"`);
  }
  return problems.length > 0 ? { settings: null, problems } : { settings: { address, durationMs }, problems };
}
/** A writer stops deciding after this share of the lease without a renewal, before anyone may take over. */
const WRITER_SHARE = 0.75;

/**
 * One writer among API replicas on one EventStoreDB (DESIGN §4). The lease is a stream appended with
 * an expected revision: of two replicas appending at the same revision exactly one wins. The holder
 * renews it every `checkEveryMs`; a follower that sees the stream's last revision unchanged for
 * `durationMs` by its own clock (no clock comparison between machines) appends the next term at that
 * revision. The holder counts itself the writer only for `0.75 × durationMs` after the start of its
 * last successful renewal, so it has stopped before anyone can take over; and since every command's
 * append carries the expected revisions of its streams, even a writer paused past that (GC, SIGSTOP)
 * cannot apply a decision made on stale state: the expected revision is the fence.
 */
export class WriterLease {
  readonly holder: string;
  private readonly store: EventStore;
  private readonly durationMs: number;
  private readonly checkEveryMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  /** Last lease seen, its revision, and when (our clock) that revision was first seen. */
  private seen: { lease: WriterLeaseRecord; revision: bigint; since: number } | undefined;
  private writerUntil = 0;
  private writing = false;

  constructor(private readonly options: WriterLeaseOptions) {
    this.store = options.store;
    this.holder = options.holder ?? randomUUID();
    this.durationMs = options.durationMs ?? DEFAULT_WRITER_LEASE_MS;
    this.checkEveryMs = options.checkEveryMs ?? Math.max(50, Math.floor(this.durationMs / 4));
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.durationMs) || this.durationMs < 200)
      throw new Error(`The writer lease must last at least 200 ms, got ${this.durationMs}`);
    if (this.checkEveryMs * 2 >= this.durationMs * WRITER_SHARE)
      throw new Error('The writer lease must be checked more than twice within its writer share');
  }

  /** True while this process holds a lease it renewed recently enough to decide commands. */
  isWriter(): boolean {
    return this.writing && this.now() < this.writerUntil;
  }

  /** The current lease as last seen (the writer's address for followers' answers). */
  current(): WriterLeaseRecord | undefined {
    return this.seen?.lease;
  }

  /** Takes the lease if it is free, then keeps checking until stop(). */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    this.setWriting(false);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, this.checkEveryMs);
    this.timer.unref();
  }

  /** One look at the lease: renew it, take it over, or follow. Never throws. */
  async tick(): Promise<void> {
    try {
      const last = await this.readLast();
      const observedAt = this.now();
      if (!last) return await this.claim('no_stream', 1);
      if (!this.seen || this.seen.revision !== last.revision)
        this.seen = { lease: last.lease, revision: last.revision, since: observedAt };
      if (last.lease.holder === this.holder) return await this.claim(last.revision, last.lease.term);
      this.setWriting(false);
      if (observedAt - this.seen.since >= this.durationMs)
        await this.claim(last.revision, last.lease.term + 1);
    } catch {
      // The store is unreachable: a writer that cannot renew lapses on its own (isWriter's clock).
      if (this.now() >= this.writerUntil) this.setWriting(false);
    }
  }

  private async claim(expected: bigint | 'no_stream', term: number): Promise<void> {
    const startedAt = this.now();
    const lease: WriterLeaseRecord = {
      holder: this.holder,
      address: this.options.address,
      term,
      expiresAt: new Date(startedAt + this.durationMs).toISOString(),
    };
    let revision: bigint;
    try {
      const result = await this.store.appendToStream(
        WRITER_LEASE_STREAM,
        [{ id: randomUUID(), type: WRITER_LEASE_EVENT, data: { ...lease } }],
        { expectedRevision: expected },
      );
      revision = result.nextExpectedRevision;
    } catch (error) {
      // Someone else appended first: they hold it now; we learn who on the next look.
      if (error instanceof WrongExpectedVersionError) {
        this.setWriting(false);
        return;
      }
      throw error;
    }
    this.seen = { lease, revision, since: startedAt };
    if (!this.writing) await this.options.beforeWriting?.();
    this.writerUntil = startedAt + this.durationMs * WRITER_SHARE;
    this.setWriting(true);
  }

  private setWriting(writing: boolean): void {
    if (this.writing === writing) return;
    this.writing = writing;
    this.options.onChange?.({ writer: writing, lease: this.seen?.lease });
  }

  private async readLast(): Promise<{ lease: WriterLeaseRecord; revision: bigint } | undefined> {
    try {
      const reads = this.store.readStream(WRITER_LEASE_STREAM, { direction: 'backwards', maxCount: 1 });
      for await (const event of reads) {
        return { lease: event.data as WriterLeaseRecord, revision: event.revision };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }
}
