import {
  type AppendOptions,
  type AppendResult,
  type DeleteResult,
  type EventData,
  type EventFilter,
  type EventStore,
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
  type DecisionView,
  decideAppend,
  decideDelete,
  NO_STREAM_STATE,
  type StreamState,
  validateAppend,
} from '@flr/event-store';

/**
 * A small, in-process EventStore for tests of code that consumes the port (projections, process
 * managers, every write-side spec). Positions start at 10 and step by 10, so code that assumes
 * gap-free positions fails. It decides appends and deletes with the embedded store's own pure rules
 * and passes the same conformance suite (`in-memory-event-store.conformance.spec.ts`); it is not durable.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  /** Every event of a stream by revision (hidden ones too: a soft delete only moves `state.t`). */
  private readonly streams = new Map<string, { events: RecordedEvent[]; state: StreamState }>();
  /** Exact idempotency (ESDB-PROTOCOL §2.2): event id (lower case) -> stream, revision, position. */
  private readonly ids = new Map<string, [stream: string, revision: number, position: number]>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(
    stream: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const valid = validateAppend(stream, events);
    const decision = decideAppend(
      this.decisionView(),
      stream,
      valid.map((e) => e.id),
      options.expectedRevision ?? 'any',
    );
    if (decision.kind === 'idempotent') {
      return { nextExpectedRevision: BigInt(decision.revision), position: BigInt(decision.position) };
    }
    const target = this.streams.get(stream) ?? { events: [], state: NO_STREAM_STATE };
    let revision = decision.state.l;
    let position: Position = 0n;
    for (const event of valid) {
      revision++;
      position = BigInt(this.log.length + 1) * 10n;
      const recorded: RecordedEvent = {
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        stream,
        revision: BigInt(revision),
        position,
        recordedAt: this.clock(),
        isJson: event.isJson,
      };
      target.events[revision] = recorded;
      this.log.push(recorded);
      this.ids.set(event.id.toLowerCase(), [stream, revision, Number(position)]);
    }
    // Appending to a soft-deleted stream undeletes it; revisions continue (ESDB-PROTOCOL §2.5).
    target.state = { l: revision, t: decision.state.t, d: false, x: false };
    this.streams.set(stream, target);
    for (const listener of this.listeners) listener();
    return { nextExpectedRevision: BigInt(revision), position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const entry = this.streams.get(stream);
    if (entry?.state.x) throw new StreamDeletedError(stream);
    if (!entry || entry.state.l < 0 || entry.state.d) throw new StreamNotFoundError(stream);
    const backwards = options.direction === 'backwards';
    const visible = entry.events.slice(entry.state.t);
    const all = backwards ? [...visible].reverse() : visible;
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
    const visibleFrom = () => BigInt(this.streams.get(stream)?.state.t ?? 0);
    const tombstoned = () => {
      if (this.streams.get(stream)?.state.x) throw new StreamDeletedError(stream);
    };
    return this.subscribe(
      (event) => event.stream === stream && event.revision > after && event.revision >= visibleFrom(),
      undefined,
      0,
      tombstoned,
    );
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
    this.assertOpen();
    const entry = this.streams.get(stream) ?? { events: [], state: NO_STREAM_STATE };
    const tombstone = kind === 'hard';
    if (!decideDelete(entry.state, stream, options.expectedRevision ?? 'any', tombstone))
      return { position: null };
    const state = entry.state;
    entry.state = tombstone ? { ...state, x: true } : { ...state, t: state.l + 1, d: true };
    this.streams.set(stream, entry);
    for (const listener of this.listeners) listener();
    return { position: null };
  }

  private decisionView(): DecisionView {
    return {
      state: (stream) => this.streams.get(stream)?.state ?? NO_STREAM_STATE,
      idEntry: (id) => this.ids.get(id.toLowerCase()),
      atRevision: (stream, revision) => {
        const event = this.streams.get(stream)?.events[revision];
        return event ? { id: event.id, position: Number(event.position) } : undefined;
      },
    };
  }

  private subscribe(
    accept: (event: RecordedEvent) => boolean,
    filter: EventFilter | undefined,
    interval: number,
    assertReadable: () => void = () => undefined,
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
          assertReadable();
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

function matches(filter: EventFilter, event: RecordedEvent): boolean {
  const byStream = filter.streamNameRegex
    ? new RegExp(filter.streamNameRegex).test(event.stream)
    : !filter.streamNamePrefix?.length || filter.streamNamePrefix.some((p) => event.stream.startsWith(p));
  const byType = filter.eventTypeRegex
    ? new RegExp(filter.eventTypeRegex).test(event.type)
    : !filter.eventTypePrefix?.length || filter.eventTypePrefix.some((p) => event.type.startsWith(p));
  return byStream && byType;
}
