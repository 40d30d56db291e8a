import {
  type AppendResult,
  type Direction,
  type EventStore,
  type ExpectedRevision,
  InvalidEventError,
  MaxAppendSizeExceededError,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@flr/event-store';
import { dataBytes, type ProposedEvent, sizeOnDisk, toEventData } from './codec';
import { type AllFilter, matchesFilter, visibleInAll } from './filter';

/** Default MaxAppendSize of EventStoreDB (Configuration/ClusterVNodeOptions.cs). */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;
/** Default CommitTimeoutMs of EventStoreDB (Configuration/ClusterVNodeOptions.cs). */
export const DEFAULT_COMMIT_TIMEOUT_MS = 2_000;

/**
 * A write not committed within the node's commit timeout (`OperationResult.CommitTimeout`). As on the
 * real server the outcome is unknown: the write may still commit after the answer was sent.
 */
export class CommitTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Commit timeout: the write was not committed within ${timeoutMs} ms`);
    this.name = 'CommitTimeoutError';
  }
}

/**
 * How often the request manager looks for timed-out writes: EventStoreDB checks its requests' commit
 * timeouts on a 1 s timer tick (RequestManagementService, RequestManagerTimerTick), not each on its
 * own timer. A write that commits before the first tick after its deadline therefore succeeds, even
 * with a 1 ms commit timeout (the client suite's "no reconnection for TimeoutError" relies on it).
 */
export const COMMIT_TIMEOUT_TICK_MS = 1_000;

/** Writes in flight with their deadlines, expired by a shared tick while any is pending. */
class CommitTimeouts {
  private readonly pending = new Set<{ readonly deadline: number; readonly expire: () => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly tickMs: number,
  ) {}

  /** The store's promise, or CommitTimeoutError from the first tick that finds its deadline passed. */
  watch<T>(write: Promise<T>): Promise<T> {
    if (this.timeoutMs === Number.POSITIVE_INFINITY) return write;
    // The write goes on after a timeout; its late failure must not surface as an unhandled rejection.
    write.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const entry = {
        deadline: performance.now() + this.timeoutMs,
        expire: () => reject(new CommitTimeoutError(this.timeoutMs)),
      };
      this.pending.add(entry);
      if (!this.timer) {
        this.timer = setInterval(() => this.tick(), this.tickMs);
        this.timer.unref();
      }
      const settled = () => this.forget(entry);
      write.then(
        (value) => {
          settled();
          resolve(value);
        },
        (error: unknown) => {
          settled();
          reject(error);
        },
      );
    });
  }

  private tick(): void {
    const now = performance.now();
    for (const entry of this.pending) {
      if (now < entry.deadline) continue;
      this.forget(entry);
      entry.expire();
    }
  }

  private forget(entry: { readonly deadline: number; readonly expire: () => void }): void {
    this.pending.delete(entry);
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
const LINK_TYPE = '$>';

/** An event as the Read RPC returns it: the resolved target (if any) and the link that pointed at it. */
export interface ResolvedRead {
  readonly event: RecordedEvent;
  readonly link?: RecordedEvent;
  /** The `$all` position of the record actually stored (the link, when resolved). */
  readonly position: bigint;
}

export interface ReadStreamRequest {
  direction: Direction;
  fromRevision: 'start' | 'end' | bigint;
  maxCount: number;
  resolveLinks: boolean;
}

export interface ReadAllRequest {
  direction: Direction;
  fromPosition: 'start' | 'end' | bigint;
  maxCount: number;
  resolveLinks: boolean;
  filter?: AllFilter;
}

/** The reserved keys of stream metadata (`dist/streams/utils/streamMetadata.js`). */
export interface StreamMetadata {
  readonly $maxCount?: number;
  readonly $maxAge?: number;
  readonly $tb?: number;
  readonly [key: string]: unknown;
}

export const metastreamOf = (stream: string): string => `$$${stream}`;

/**
 * EventStoreDB semantics the port does not model, layered over it: required metadata, MaxAppendSize,
 * streams that "implicitly exist" once their metastream does, `$>` link resolution and the exclusive
 * backwards read of `$all` (ESDB-PROTOCOL §2.1, §2.4).
 */
export class EsdbNode {
  constructor(
    readonly store: EventStore,
    readonly maxAppendSize: number = DEFAULT_MAX_APPEND_SIZE,
    /** Infinity: no commit timeout. */
    readonly commitTimeoutMs: number = Number.POSITIVE_INFINITY,
    commitTimeoutTickMs: number = COMMIT_TIMEOUT_TICK_MS,
  ) {
    this.commitTimeouts = new CommitTimeouts(commitTimeoutMs, commitTimeoutTickMs);
  }

  private readonly commitTimeouts: CommitTimeouts;

  async append(
    stream: string,
    events: readonly ProposedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.some((e) => !e.type || !e.contentType)) {
      throw new InvalidEventError('missing-type', 'type and content-type are required');
    }
    const size = events.reduce((sum, e) => sum + sizeOnDisk(e), 0);
    if (size > this.maxAppendSize) throw new MaxAppendSizeExceededError(this.maxAppendSize);
    const data = events.map(toEventData);
    try {
      return await this.commitTimeouts.watch(
        this.store.appendToStream(stream, data, { expectedRevision: expected }),
      );
    } catch (error) {
      // A stream whose metadata was set "implicitly exists" (IndexWriter.CheckCommit).
      if (
        error instanceof WrongExpectedVersionError &&
        expected === 'stream_exists' &&
        error.actual === 'no_stream' &&
        (await this.streamExists(metastreamOf(stream)))
      ) {
        return this.store.appendToStream(stream, data, { expectedRevision: 'no_stream' });
      }
      throw error;
    }
  }

  async streamExists(stream: string): Promise<boolean> {
    try {
      for await (const _ of this.store.readStream(stream, { maxCount: 1 })) return true;
      return false;
    } catch {
      return false;
    }
  }

  /** The stream's metadata (`$$stream`, last `$metadata` event), if any. */
  async metadataOf(stream: string): Promise<StreamMetadata | undefined> {
    if (stream.startsWith('$$')) return undefined;
    try {
      const reads = this.store.readStream(metastreamOf(stream), { direction: 'backwards', maxCount: 1 });
      for await (const event of reads) {
        return event.data !== null && typeof event.data === 'object'
          ? (event.data as StreamMetadata)
          : undefined;
      }
    } catch {
      return undefined;
    }
    return undefined;
  }

  async *readStream(stream: string, request: ReadStreamRequest): AsyncIterable<ResolvedRead> {
    if (request.maxCount <= 0) return;
    const forwards = request.direction === 'forwards';
    if (forwards && request.fromRevision === 'end') {
      await this.assertReadable(stream);
      return;
    }
    const meta = await this.metadataOf(stream);
    const limits = meta ? await this.visibility(stream, meta) : undefined;
    if (!limits) {
      const events = this.store.readStream(stream, {
        direction: request.direction,
        fromRevision: request.fromRevision,
        maxCount: request.maxCount,
      });
      for await (const event of events) yield this.resolve(event, request.resolveLinks);
      return;
    }
    // $maxCount, $maxAge and $tb hide events at read time; scavenging would only reclaim space.
    let from = request.fromRevision;
    if (forwards && (from === 'start' || (typeof from === 'bigint' && from < limits.lowest)))
      from = limits.lowest;
    let count = 0;
    for await (const event of this.store.readStream(stream, {
      direction: request.direction,
      fromRevision: from,
    })) {
      if (event.revision < limits.lowest) {
        if (forwards) continue;
        return;
      }
      if (limits.notBefore !== undefined && event.recordedAt.getTime() < limits.notBefore) continue;
      yield this.resolve(event, request.resolveLinks);
      if (++count >= request.maxCount) return;
    }
  }

  private async visibility(stream: string, meta: StreamMetadata) {
    const maxCount = typeof meta.$maxCount === 'number' ? meta.$maxCount : undefined;
    const maxAge = typeof meta.$maxAge === 'number' ? meta.$maxAge : undefined;
    const tb = typeof meta.$tb === 'number' ? BigInt(Math.min(meta.$tb, Number.MAX_SAFE_INTEGER)) : undefined;
    if (maxCount === undefined && maxAge === undefined && tb === undefined) return undefined;
    let last = -1n;
    for await (const event of this.store.readStream(stream, { direction: 'backwards', maxCount: 1 }))
      last = event.revision;
    let lowest = tb ?? 0n;
    if (maxCount !== undefined && last - BigInt(maxCount) + 1n > lowest)
      lowest = last - BigInt(maxCount) + 1n;
    return { lowest, notBefore: maxAge === undefined ? undefined : Date.now() - maxAge * 1000 };
  }

  async *readAll(request: ReadAllRequest): AsyncIterable<ResolvedRead> {
    if (request.maxCount <= 0) return;
    const forwards = request.direction === 'forwards';
    if (forwards && request.fromPosition === 'end') return;
    const from = request.fromPosition;
    let count = 0;
    for await (const event of this.store.readAll({ direction: request.direction, fromPosition: from })) {
      // Reading backwards from a position returns only the records before it.
      if (!forwards && typeof from === 'bigint' && event.position >= from) continue;
      if (request.filter ? !matchesFilter(request.filter, event) : !visibleInAll(event)) continue;
      // Only a link to resolve waits for another read; every other event is yielded as it is.
      yield request.resolveLinks && event.type === LINK_TYPE
        ? await this.resolve(event, true)
        : { event, position: event.position };
      if (++count >= request.maxCount) return;
    }
  }

  async resolve(event: RecordedEvent, resolveLinks: boolean): Promise<ResolvedRead> {
    if (!resolveLinks || event.type !== LINK_TYPE) return { event, position: event.position };
    const target = await this.linkTarget(event);
    return target
      ? { event: target, link: event, position: event.position }
      : { event, position: event.position };
  }

  private async linkTarget(link: RecordedEvent): Promise<RecordedEvent | undefined> {
    const text = Buffer.from(dataBytes(link)).toString('utf8');
    const at = text.indexOf('@');
    if (at <= 0 || !/^\d+$/.test(text.slice(0, at))) return undefined;
    try {
      const reads = this.store.readStream(text.slice(at + 1), {
        fromRevision: BigInt(text.slice(0, at)),
        maxCount: 1,
      });
      for await (const target of reads) return target;
    } catch {
      return undefined;
    }
    return undefined;
  }

  private async assertReadable(stream: string): Promise<void> {
    for await (const _ of this.store.readStream(stream, { direction: 'backwards', maxCount: 1 })) return;
    throw new StreamNotFoundError(stream);
  }
}
