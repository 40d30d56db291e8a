import type { EventStore, Position, RecordedEvent, Subscription } from '@flr/event-store';

/** A copy fed by a `Feed`: it applies each batch in its own transaction. */
export interface FeedConsumer {
  consume(events: RecordedEvent[], passed: Position | null, caughtUp: boolean): void;
  fail(event: RecordedEvent | null, error: unknown): void;
}

/**
 * One catch-up subscription shared by the copies that start from the same checkpoint (on a first
 * start, every projection): the log is read and decoded once for all of them.
 *
 * Events are buffered and handed over as a batch when `batchSize` are buffered, when a caught-up
 * or checkpoint message arrives, or on the next macrotask: a catching-up subscription delivers on
 * microtasks, so that flush only runs once it is momentarily idle (live).
 */
export class Feed {
  private readonly consumers = new Set<FeedConsumer>();
  private buffer: RecordedEvent[] = [];
  private idleFlushScheduled = false;
  private subscription: Subscription | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(
    consumers: Iterable<FeedConsumer>,
    private readonly batchSize: number,
  ) {
    for (const consumer of consumers) this.consumers.add(consumer);
  }

  start(store: EventStore, after: Position | null): void {
    this.subscription = store.subscribeToAll({ fromPosition: after ?? 'start' });
    this.done = this.pump(this.subscription);
  }

  /** The consumer gets nothing more; the subscription ends with the last consumer. */
  leave(consumer: FeedConsumer): Promise<void> {
    this.consumers.delete(consumer);
    if (this.consumers.size > 0) return Promise.resolve();
    void this.subscription?.unsubscribe().catch(() => undefined);
    return this.done;
  }

  private async pump(subscription: Subscription): Promise<void> {
    try {
      for await (const message of subscription) {
        if (this.consumers.size === 0) break;
        if (message.kind === 'event') {
          this.buffer.push(message.event);
          if (this.buffer.length >= this.batchSize) {
            this.flush(null, false);
            // A catching-up subscription resolves on microtasks: without this turn of the event loop
            // a rebuild behind a listening API would hold every request until it caught up (issue 8).
            await new Promise((resolve) => setImmediate(resolve));
          } else if (!this.idleFlushScheduled) {
            this.idleFlushScheduled = true;
            setImmediate(this.idleFlush);
          }
        } else {
          this.flush(message.position, message.kind === 'caughtUp');
        }
        if (this.consumers.size === 0) break;
      }
      this.failAll(null, new Error('the subscription ended'));
    } catch (error) {
      this.failAll(null, error);
    } finally {
      this.buffer = [];
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private readonly idleFlush = (): void => {
    this.idleFlushScheduled = false;
    if (this.buffer.length > 0) this.flush(null, false);
  };

  private flush(passed: Position | null, caughtUp: boolean): void {
    const events = this.buffer;
    this.buffer = [];
    // A copy may leave (fail, or be retired by a switch) while others consume: iterate a snapshot.
    for (const consumer of [...this.consumers]) {
      if (this.consumers.has(consumer)) consumer.consume(events, passed, caughtUp);
    }
  }

  private failAll(event: RecordedEvent | null, error: unknown): void {
    for (const consumer of [...this.consumers]) consumer.fail(event, error);
  }
}
