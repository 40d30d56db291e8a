import type { ResolvedEvent, StreamSubscription } from '@eventstore/db-client';
import type { EventFilter, Position, Subscription, SubscriptionMessage } from '../port';
import { isSystemStream, matchesFilter, toRecordedEvent } from './mapping';

const HIGH_WATER = 1024;
const LOW_WATER = 128;

/** `position` undefined: a caughtUp, stamped with the last position delivered before it. */
type Marker = { afterEvents: number; position?: Position };

/**
 * Turns the client's subscription (a Node stream of events plus out-of-band `caughtUp` and checkpoint
 * callbacks) into the port's ordered message sequence. The client emits `caughtUp` and checkpoints
 * while earlier events may still sit in its buffer, so each marker records how many events the client
 * had converted at that moment and is released right after that many events were delivered.
 */
export class SubscriptionAdapter implements Subscription {
  private readonly queue: SubscriptionMessage[] = [];
  private readonly markers: Marker[] = [];
  private converted = 0;
  private received = 0;
  private lastPosition: Position;
  private failure: unknown;
  private ended = false;
  private paused = false;
  private wake: (() => void) | undefined;
  private source: StreamSubscription | undefined;

  constructor(
    start: Position,
    private readonly filter: EventFilter | undefined,
    private readonly emitCheckpoints: boolean,
    private readonly mapError: (error: unknown) => unknown,
  ) {
    this.lastPosition = start;
  }

  /** Wires the client's subscription; call once, right after creating it. */
  attach(source: StreamSubscription): void {
    this.source = source;
    const internal = source as unknown as { convertGrpcEvent: (e: unknown) => ResolvedEvent };
    const convert = internal.convertGrpcEvent;
    internal.convertGrpcEvent = (grpcEvent) => {
      this.converted++;
      return convert(grpcEvent);
    };
    source.on('caughtUp', () => this.mark(undefined));
    source.on('data', (resolved: ResolvedEvent) => this.onEvent(resolved));
    source.on('error', (error: unknown) => this.finish(this.mapError(error)));
    source.on('end', () => this.finish(undefined));
    source.on('close', () => this.finish(undefined));
  }

  /** The client's `checkpointReached` callback (filtered `$all` subscriptions only). */
  readonly onCheckpoint = (position: Position): void => this.mark(position);

  private mark(position: Position | undefined): void {
    const marker: Marker = { afterEvents: this.converted, ...(position === undefined ? {} : { position }) };
    if (marker.afterEvents <= this.received) this.release(marker);
    else this.markers.push(marker);
  }

  private release(marker: Marker): void {
    if (marker.position === undefined) {
      this.push({ kind: 'caughtUp', position: this.lastPosition });
      return;
    }
    // Without a port filter, checkpoints are not part of the port's sequence, and their positions
    // may be EventStoreDB system events the adapter hides: caughtUp then stays on delivered events,
    // consistent with headPosition().
    if (!this.emitCheckpoints) return;
    if (marker.position > this.lastPosition) this.lastPosition = marker.position;
    this.push({ kind: 'checkpoint', position: marker.position });
  }

  private onEvent(resolved: ResolvedEvent): void {
    this.received++;
    const event = toRecordedEvent(resolved);
    if (event) {
      if (!isSystemStream(event.stream)) {
        if (event.position > this.lastPosition) this.lastPosition = event.position;
        if (matchesFilter(this.filter, event)) this.push({ kind: 'event', event });
      }
    }
    while (this.markers.length > 0 && this.markers[0]!.afterEvents <= this.received)
      this.release(this.markers.shift()!);
  }

  private push(message: SubscriptionMessage): void {
    this.queue.push(message);
    if (this.queue.length >= HIGH_WATER && !this.paused) {
      this.paused = true;
      this.source?.pause();
    }
    this.wake?.();
  }

  private finish(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.wake?.();
  }

  async unsubscribe(): Promise<void> {
    this.queue.length = 0;
    if (!this.ended) {
      this.finish(undefined);
      await this.source?.unsubscribe();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) {
          if (this.paused && this.queue.length <= LOW_WATER) {
            this.paused = false;
            this.source?.resume();
          }
          yield next;
          continue;
        }
        if (this.ended) {
          if (this.failure) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      await this.unsubscribe();
    }
  }
}
