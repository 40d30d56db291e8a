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
  SubscriptionMessage,
} from '@flr/event-store';
import { SOURCE_POSITION, sourcePositionOf } from './replicator';

/**
 * The local replica seen as the source: events read from the local store carry their EventStoreDB
 * position (so checkpoints, feed positions and waits stay in the source's position space), and
 * writes go to the source. Reads of `$all` never touch the network.
 */
export class ReplicaEventStore implements EventStore {
  constructor(
    private readonly source: EventStore,
    private readonly local: EventStore,
  ) {}

  appendToStream(
    stream: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.source.appendToStream(stream, events, options);
  }

  deleteStream(stream: string, options?: AppendOptions): Promise<DeleteResult> {
    return this.source.deleteStream(stream, options);
  }

  tombstoneStream(stream: string, options?: AppendOptions): Promise<DeleteResult> {
    return this.source.tombstoneStream(stream, options);
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.local.readStream(stream, options)) yield asSource(event);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    if (
      options.fromPosition === undefined ||
      options.fromPosition === 'start' ||
      options.fromPosition === 'end'
    )
      return mapped(this.local.readAll(options));
    const from = options.fromPosition;
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const backwards = options.direction === 'backwards';
        // Inclusive: forwards from the first local event at or after `from`, backwards from the last at or before it.
        const local = backwards ? await self.localAtOrBefore(from) : await self.localAfter(from - 1n);
        if (local === null) return;
        for await (const event of self.local.readAll({ ...options, fromPosition: local }))
          yield asSource(event);
      },
    };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const local = this.local;
    let inner: Subscription | undefined;
    let stopped = false;
    const self = this;
    return {
      async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
        const from = options.fromPosition;
        const start =
          from === undefined || from === 'start' || from === 'end' ? from : await self.localAtOrBefore(from);
        if (stopped) return;
        inner = local.subscribeToAll({ ...options, fromPosition: start ?? 'start' });
        for await (const message of inner) {
          if (message.kind === 'event') yield { kind: 'event', event: asSource(message.event) };
          else {
            const position = await self.sourceAtOrBefore(message.position);
            if (position !== null) yield { kind: message.kind, position };
          }
        }
      },
      async unsubscribe() {
        stopped = true;
        await inner?.unsubscribe();
      },
    };
  }

  subscribeToStream(stream: string, options?: SubscribeToStreamOptions): Subscription {
    const inner = this.local.subscribeToStream(stream, options);
    const self = this;
    return {
      async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
        for await (const message of inner) {
          if (message.kind === 'event') yield { kind: 'event', event: asSource(message.event) };
          else {
            const position = await self.sourceAtOrBefore(message.position);
            if (position !== null) yield { kind: message.kind, position };
          }
        }
      },
      unsubscribe: () => inner.unsubscribe(),
    };
  }

  /** The source position of the replica's last event (what has been copied), 0n when empty. */
  async headPosition(): Promise<Position> {
    return (await this.sourceAtOrBefore(await this.local.headPosition())) ?? 0n;
  }

  /** The replica and the source are closed by their owner. */
  async close(): Promise<void> {}

  /** The local position of the last event whose source position is <= `source`, or null. */
  private async localAtOrBefore(source: Position): Promise<Position | null> {
    let low = 1n;
    let high = await this.local.headPosition();
    let found: Position | null = null;
    while (low <= high) {
      const middle = (low + high) / 2n;
      const event = await this.firstAtOrAfter(middle);
      if (event === null || event.position > high || sourcePositionOf(event) > source) high = middle - 1n;
      else {
        found = event.position;
        low = event.position + 1n;
      }
    }
    return found;
  }

  /** The local position of the first event whose source position is > `source`, or null. */
  private async localAfter(source: Position): Promise<Position | null> {
    const before = await this.localAtOrBefore(source);
    const next = await this.firstAtOrAfter(before === null ? 1n : before + 1n);
    return next?.position ?? null;
  }

  /** The source position of the last local event at or before local position `local`. */
  private async sourceAtOrBefore(local: Position): Promise<Position | null> {
    if (local <= 0n) return null;
    for await (const event of this.local.readAll({
      direction: 'backwards',
      fromPosition: local,
      maxCount: 1,
    }))
      return sourcePositionOf(event);
    return null;
  }

  private async firstAtOrAfter(local: Position): Promise<RecordedEvent | null> {
    for await (const event of this.local.readAll({ fromPosition: local, maxCount: 1 })) return event;
    return null;
  }
}

function asSource(event: RecordedEvent): RecordedEvent {
  const { [SOURCE_POSITION]: _source, ...metadata } = event.metadata as Record<string, unknown>;
  return { ...event, metadata, position: sourcePositionOf(event) };
}

function mapped(events: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const event of events) yield asSource(event);
    },
  };
}
