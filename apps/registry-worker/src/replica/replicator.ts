import type { EventData, EventStore, Position, RecordedEvent, Subscription } from '@flr/event-store';

/** Metadata key holding the EventStoreDB `$all` position of a replicated event. */
export const SOURCE_POSITION = 'sourcePosition';

/** Appends in flight: the single writer of the local store keeps their order and groups their commits. */
const IN_FLIGHT = 512;

/**
 * Keeps a local (embedded) copy of EventStoreDB's `$all`, fed by one catch-up subscription
 * (DESIGN §3.6). Each local event carries its source position in its metadata, appended in the
 * same write, so the replica's checkpoint is its own last event: after a crash it resumes right
 * after it, and the local store's idempotency by event id absorbs a redelivered event.
 * System streams (`$...`) are not replicated.
 */
export class LocalReplica {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;
  /** Source position of the last event the replica holds (null: none yet). */
  reached: Position | null = null;
  caughtUp = false;

  constructor(
    private readonly source: EventStore,
    readonly local: EventStore,
    private readonly onProgress: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.reached = await lastSourcePosition(this.local);
    this.subscription = this.source.subscribeToAll({
      fromPosition: this.reached ?? 'start',
      filter: { streamNameRegex: '^[^$]' },
      checkpointInterval: 1_000,
    });
    this.running = this.pump(this.subscription);
  }

  /** Why the replication stopped, if it did. */
  get error(): unknown {
    return this.failure;
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe().catch(() => undefined);
    await this.running;
  }

  private async pump(subscription: Subscription): Promise<void> {
    let pending: Promise<unknown>[] = [];
    try {
      for await (const message of subscription) {
        if (message.kind === 'event') {
          pending.push(this.copy(message.event));
          if (pending.length >= IN_FLIGHT) {
            await Promise.all(pending);
            pending = [];
          }
          continue;
        }
        await Promise.all(pending);
        pending = [];
        if (message.kind === 'caughtUp') this.caughtUp = true;
        this.onProgress();
      }
    } catch (error) {
      this.failure = error;
    } finally {
      await Promise.allSettled(pending);
    }
  }

  private async copy(event: RecordedEvent): Promise<void> {
    const copy: EventData = {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata, [SOURCE_POSITION]: event.position.toString() },
      ...(event.isJson ? {} : { contentType: 'application/octet-stream' as const }),
    };
    await this.local.appendToStream(event.stream, [copy]);
    if (this.reached === null || event.position > this.reached) this.reached = event.position;
    this.onProgress();
  }
}

/** The source position of the local store's last event, or null when it is empty. */
export async function lastSourcePosition(local: EventStore): Promise<Position | null> {
  for await (const event of local.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 }))
    return sourcePositionOf(event);
  return null;
}

export function sourcePositionOf(event: RecordedEvent): Position {
  const raw = (event.metadata as Record<string, unknown>)[SOURCE_POSITION];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw))
    throw new Error(`replicated event ${event.id} has no ${SOURCE_POSITION} in its metadata`);
  return BigInt(raw);
}
