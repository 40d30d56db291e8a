import type { Position, Subscription, SubscriptionMessage } from '../port';

/**
 * One pull step of a catch-up subscription: read what follows the cursor (history or live, the
 * same code), or report `null` when the log has nothing new. Reading always resumes from the
 * cursor, so moving from history to live can neither skip nor repeat an event.
 */
export interface SubscriptionSource {
  pull(): SubscriptionMessage[] | null;
  /** Messages to send once, when the first pull finds nothing new (checkpoint, then caughtUp). */
  caughtUp(): SubscriptionMessage[];
  /** Releases what the source holds (a read-ahead thread) when the subscription stops. */
  close?(): void;
}

/** Waits for the next commit of the store (in-process notification). */
export type CommitWaiter = () => Promise<void>;

export class PullSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | null = null;
  private opened: SubscriptionSource | null = null;

  constructor(
    private readonly source: () => SubscriptionSource,
    private readonly nextCommit: CommitWaiter,
    private readonly onStop: (subscription: PullSubscription) => void,
  ) {}

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.opened?.close?.();
    this.wake?.();
    this.onStop(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    let source: SubscriptionSource | null = null;
    let buffer: SubscriptionMessage[] = [];
    let index = 0;
    let caughtUp = false;
    const done: IteratorResult<SubscriptionMessage> = { done: true, value: undefined };
    const slowNext = async (): Promise<IteratorResult<SubscriptionMessage>> => {
      if (source === null) {
        source = this.source();
        this.opened = source;
        if (this.stopped) source.close?.();
      }
      while (!this.stopped) {
        if (index < buffer.length) return { done: false, value: buffer[index++]! };
        // Register for the next commit before reading, so a commit between the read and the wait is not missed.
        const committed = this.nextCommit();
        const pulled = source.pull();
        if (pulled !== null) {
          buffer = pulled;
          index = 0;
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          buffer = source.caughtUp();
          index = 0;
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          committed.then(resolve);
        });
        this.wake = null;
      }
      return done;
    };
    // Catch-up replays hand out buffered messages without an async function call per event.
    const next = (): Promise<IteratorResult<SubscriptionMessage>> =>
      !this.stopped && index < buffer.length
        ? Promise.resolve({ done: false, value: buffer[index++]! })
        : slowNext();
    return {
      next,
      return: async () => {
        await this.unsubscribe();
        return done;
      },
    };
  }
}

export function checkpoint(position: Position): SubscriptionMessage {
  return { kind: 'checkpoint', position };
}
