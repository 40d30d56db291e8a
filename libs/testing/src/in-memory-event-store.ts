import {
  type AppendOptions,
  type AppendResult,
  type DeleteResult,
  type EventData,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StreamDeletedError,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
  type SubscriptionMessage,
  WrongExpectedVersionError,
} from '@flr/event-store';

/**
 * A small, in-process EventStore for tests of code that consumes the port (projections, process
 * managers). Positions start at 10 and step by 10, so code that assumes gap-free positions fails.
 * Not durable and not a conformance reference: the embedded LMDB adapter is.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, { events: RecordedEvent[]; deleted: 'soft' | 'hard' | null }>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(
    stream: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const entry = this.streams.get(stream);
    if (entry?.deleted === 'hard') throw new StreamDeletedError(stream);
    const current = entry && entry.events.length > 0 ? BigInt(entry.events.length - 1) : 'no_stream';
    checkExpected(stream, options.expectedRevision ?? 'any', entry?.deleted ? 'no_stream' : current);
    const target = entry ?? { events: [], deleted: null };
    target.deleted = null;
    this.streams.set(stream, target);
    let position: Position = this.headPositionSync();
    for (const event of events) {
      position = BigInt(this.log.length + 1) * 10n;
      const recorded: RecordedEvent = {
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: (event.metadata ?? {}) as Record<string, unknown>,
        stream,
        revision: BigInt(target.events.length),
        position,
        recordedAt: this.clock(),
        isJson: (event.contentType ?? 'application/json') === 'application/json',
      };
      target.events.push(recorded);
      this.log.push(recorded);
    }
    for (const listener of this.listeners) listener();
    return { nextExpectedRevision: BigInt(target.events.length - 1), position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const entry = this.streams.get(stream);
    if (entry?.deleted === 'hard') throw new StreamDeletedError(stream);
    if (!entry || entry.deleted) throw new StreamNotFoundError(stream);
    const backwards = options.direction === 'backwards';
    const all = backwards ? [...entry.events].reverse() : entry.events;
    const from = options.fromRevision;
    let count = 0;
    for (const event of all) {
      if (typeof from === 'bigint' && (backwards ? event.revision > from : event.revision < from)) continue;
      if (options.maxCount !== undefined && count++ >= options.maxCount) return;
      yield event;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const all = backwards ? [...this.log].reverse() : this.log;
    const from = options.fromPosition;
    let count = 0;
    for (const event of all) {
      if (typeof from === 'bigint' && (backwards ? event.position > from : event.position < from)) continue;
      if (options.filter && !matches(options.filter, event)) continue;
      if (options.maxCount !== undefined && count++ >= options.maxCount) return;
      yield event;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    const start = from === 'start' ? -1n : from === 'end' ? this.headPositionSync() : from;
    const { filter } = options;
    const interval = options.checkpointInterval ?? 32;
    return this.subscribe((event) => event.position > start, filter, interval);
  }

  subscribeToStream(stream: string, options: SubscribeToStreamOptions = {}): Subscription {
    const from = options.fromRevision ?? 'start';
    const length = this.streams.get(stream)?.events.length ?? 0;
    const after = from === 'start' ? -1n : from === 'end' ? BigInt(length - 1) : from;
    return this.subscribe((event) => event.stream === stream && event.revision > after, undefined, 0);
  }

  async deleteStream(stream: string, options: AppendOptions = {}): Promise<DeleteResult> {
    return this.markDeleted(stream, 'soft', options);
  }

  async tombstoneStream(stream: string, options: AppendOptions = {}): Promise<DeleteResult> {
    return this.markDeleted(stream, 'hard', options);
  }

  async headPosition(): Promise<Position> {
    return this.headPositionSync();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const listener of this.listeners) listener();
  }

  private headPositionSync(): Position {
    return this.log.at(-1)?.position ?? 0n;
  }

  private markDeleted(stream: string, kind: 'soft' | 'hard', options: AppendOptions): DeleteResult {
    const entry = this.streams.get(stream);
    if (entry?.deleted === 'hard') throw new StreamDeletedError(stream);
    const current =
      entry && !entry.deleted && entry.events.length > 0 ? BigInt(entry.events.length - 1) : 'no_stream';
    checkExpected(stream, options.expectedRevision ?? 'any', current);
    this.streams.set(stream, { events: entry?.events ?? [], deleted: kind });
    return { position: this.headPositionSync() };
  }

  private subscribe(
    accept: (event: RecordedEvent) => boolean,
    filter: EventFilter | undefined,
    interval: number,
  ) {
    let stopped = false;
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    this.listeners.add(listener);
    const store = this;
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let cursor = 0;
      let considered = 0;
      let caughtUp = false;
      try {
        while (!stopped && !store.closed) {
          while (cursor < store.log.length && !stopped) {
            const event = store.log[cursor++]!;
            if (!accept(event)) continue;
            if (!filter || matches(filter, event)) yield { kind: 'event', event };
            if (filter && interval > 0 && ++considered % interval === 0) {
              yield { kind: 'checkpoint', position: event.position };
            }
          }
          if (stopped || store.closed) return;
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caughtUp', position: store.headPositionSync() };
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        store.listeners.delete(listener);
      }
    }
    const iterable = messages();
    return {
      [Symbol.asyncIterator]: () => iterable,
      unsubscribe: async () => {
        stopped = true;
        wake?.();
        store.listeners.delete(listener);
      },
    } satisfies Subscription;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryEventStore is closed');
  }
}

function checkExpected(stream: string, expected: ExpectedRevision, actual: bigint | 'no_stream'): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    expected === actual;
  if (!ok) throw new WrongExpectedVersionError(stream, expected, actual);
}

function matches(filter: EventFilter, event: RecordedEvent): boolean {
  const byStream = filter.streamNameRegex
    ? new RegExp(filter.streamNameRegex).test(event.stream)
    : !filter.streamNamePrefix?.length || filter.streamNamePrefix.some((p) => event.stream.startsWith(p));
  const byType = filter.eventTypeRegex
    ? new RegExp(filter.eventTypeRegex).test(event.type)
    : !filter.eventTypePrefix?.length || filter.eventTypePrefix.some((p) => event.type.startsWith(p));
  return byStream && byType;
}
