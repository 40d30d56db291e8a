import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  FORWARDS,
  type ResolvedEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  DeleteResult,
  EventData,
  EventFilter,
  EventStore,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../port';
import { StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import { isSystemStream, matchesFilter, toClientEvent, toPortError, toRecordedEvent } from './mapping';
import { validateAppend } from '../validation';
import { SubscriptionAdapter } from './subscription-adapter';

/** EventStoreDB's default read batch (`maxSearchWindow`) and the port's default checkpoint interval. */
const DEFAULT_CHECKPOINT_INTERVAL = 32;
const PAGE_SIZE = 512;
/** Non-system streams: EventStoreDB's own `$...` streams are not part of the register's log. */
const USER_STREAMS = '^[^$]';

const clientPosition = (position: 'start' | 'end' | Position) =>
  position === 'start' ? START : position === 'end' ? END : { commit: position, prepare: position };

/**
 * The server-side filter: one dimension only (EventStoreDB filters on stream name or event type), so
 * the port's filter is re-applied on this side; without one, system streams are filtered out.
 */
function serverFilter(
  filter: EventFilter | undefined,
  checkpointInterval: number,
  onCheckpoint: (p: Position) => void,
) {
  const options = (regex: string | undefined, prefixes: readonly string[] | undefined): any => ({
    ...(regex ? { regex } : { prefixes: [...(prefixes ?? [])] }),
    maxSearchWindow: checkpointInterval,
    checkpointInterval: 1,
    checkpointReached: (_: unknown, position: { commit: bigint }) => onCheckpoint(position.commit),
  });
  if (filter?.streamNameRegex || filter?.streamNamePrefix?.length) {
    return streamNameFilter(options(filter.streamNameRegex, filter.streamNamePrefix));
  }
  if (filter?.eventTypeRegex || filter?.eventTypePrefix?.length) {
    return eventTypeFilter(options(filter.eventTypeRegex, filter.eventTypePrefix));
  }
  return streamNameFilter(options(USER_STREAMS, undefined));
}

/** The EventStore port over EventStoreDB through @eventstore/db-client (DESIGN §3.7). */
export class EsdbEventStore implements EventStore {
  constructor(private readonly client: EventStoreDBClient) {}

  async appendToStream(
    stream: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const valid = validateAppend(stream, events);
    const expected = options?.expectedRevision ?? 'any';
    try {
      const result = await this.client.appendToStream(stream, valid.map(toClientEvent), {
        expectedRevision: expected,
      });
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position?.commit ?? 0n };
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
  }

  /**
   * Reads page by page, each page drained completely: a client read stream left half-read when the
   * caller stops early never finishes, and then `dispose()` waits on it forever.
   */
  private async page(reads: AsyncIterable<ResolvedEvent>): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    for await (const resolved of reads) {
      const event = toRecordedEvent(resolved);
      if (event) page.push(event);
    }
    return page;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const backwards = options.direction === 'backwards';
    let from: 'start' | 'end' | bigint = options.fromRevision ?? (backwards ? 'end' : 'start');
    while (remaining > 0) {
      const maxCount = Math.min(PAGE_SIZE, remaining);
      let page: RecordedEvent[];
      try {
        page = await this.page(
          this.client.readStream(stream, {
            direction: backwards ? BACKWARDS : FORWARDS,
            fromRevision: from === 'start' ? START : from === 'end' ? END : from,
            maxCount,
          }),
        );
      } catch (error) {
        throw toPortError(error, stream, 'any');
      }
      yield* page;
      remaining -= page.length;
      const last = page.at(-1);
      if (!last || page.length < maxCount || (backwards && last.revision === 0n)) return;
      from = backwards ? last.revision - 1n : last.revision + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const backwards = options.direction === 'backwards';
    let from: 'start' | 'end' | Position = options.fromPosition ?? (backwards ? 'end' : 'start');
    let seen: Position | undefined;
    if (backwards && typeof from === 'bigint') {
      // EventStoreDB reads backwards from *before* a position; the port's start is inclusive.
      const request = { direction: FORWARDS, fromPosition: clientPosition(from), maxCount: 1 } as const;
      const [atStart] = await this.page(this.client.readAll(request));
      if (atStart?.position === from) {
        seen = from;
        if (!isSystemStream(atStart.stream) && matchesFilter(options.filter, atStart)) {
          yield atStart;
          if (--remaining <= 0) return;
        }
      }
    }
    while (remaining > 0) {
      const page = await this.page(
        this.client.readAll({
          direction: backwards ? BACKWARDS : FORWARDS,
          fromPosition: clientPosition(from),
          maxCount: PAGE_SIZE,
        }),
      );
      for (const event of page) {
        // A page starts at the previous page's last position, which may be inclusive.
        if (seen !== undefined && (backwards ? event.position >= seen : event.position <= seen)) continue;
        seen = event.position;
        if (isSystemStream(event.stream) || !matchesFilter(options.filter, event)) continue;
        yield event;
        if (--remaining <= 0) return;
      }
      if (page.length < PAGE_SIZE || seen === undefined) return;
      from = seen;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    const adapter = new SubscriptionAdapter(
      typeof from === 'bigint' ? from : 0n,
      options.filter,
      !!options.filter,
      (e) => toPortError(e, '$all', 'any'),
    );
    const interval = options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
    const filter = serverFilter(options.filter, interval, adapter.onCheckpoint);
    adapter.attach(this.client.subscribeToAll({ fromPosition: clientPosition(from), filter }));
    return adapter;
  }

  subscribeToStream(stream: string, options: SubscribeToStreamOptions = {}): Subscription {
    const from = options.fromRevision ?? 'start';
    const adapter = new SubscriptionAdapter(0n, undefined, false, (e) => toPortError(e, stream, 'any'));
    adapter.attach(
      this.client.subscribeToStream(stream, {
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
      }),
    );
    return adapter;
  }

  deleteStream(stream: string, options?: AppendOptions): Promise<DeleteResult> {
    return this.remove(stream, options?.expectedRevision ?? 'any', false);
  }

  tombstoneStream(stream: string, options?: AppendOptions): Promise<DeleteResult> {
    return this.remove(stream, options?.expectedRevision ?? 'any', true);
  }

  private async remove(stream: string, expected: ExpectedRevision, hard: boolean): Promise<DeleteResult> {
    try {
      // The client's Delete/Tombstone know no `stream_exists`: check it against the current revision.
      const expectedRevision = expected === 'stream_exists' ? await this.currentRevision(stream) : expected;
      const result = hard
        ? await this.client.tombstoneStream(stream, { expectedRevision })
        : await this.client.deleteStream(stream, { expectedRevision });
      return { position: result.position?.commit ?? null };
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
  }

  private async currentRevision(stream: string): Promise<bigint> {
    try {
      for await (const event of this.readStream(stream, { direction: 'backwards', maxCount: 1 }))
        return event.revision;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    throw new WrongExpectedVersionError(stream, 'stream_exists', 'no_stream');
  }

  async headPosition(): Promise<Position> {
    for await (const event of this.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return 0n;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** Opens the port on an EventStoreDB connection string (`esdb://host:2113?tls=false`, `esdb+discover://...`). */
export async function openEsdbEventStore(connectionString: string): Promise<EventStore> {
  return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
}
