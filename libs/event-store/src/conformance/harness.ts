import { randomUUID } from 'node:crypto';
import type { EventData, EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '../port';

/**
 * What an adapter's spec hands to `describeEventStoreConformance`. The suite creates one harness per
 * adapter (beforeAll) and isolates tests by unique stream names, so it also runs against a shared,
 * non-empty EventStoreDB node.
 */
export interface ConformanceHarness {
  /** The store under test. After `reopen()` the suite uses the store it returned. */
  readonly store: EventStore;
  /**
   * Optional capability: close the store and open the same data again (a restart). Enables the
   * "survives a restart" cases. Adapter-specific crash tests (kill -9) live in the adapter's own spec.
   */
  reopen?(): Promise<EventStore>;
  /** Closes the store and removes its data. */
  cleanup(): Promise<void>;
}

export type HarnessFactory = () => Promise<ConformanceHarness>;

/** What each group of cases sees: the current store and the harness. */
export interface SuiteContext {
  store(): EventStore;
  harness(): ConformanceHarness;
  /** Replaces the current store after a reopen. */
  reopen(): Promise<EventStore>;
}

/** A stream name no other test (or earlier run against a shared server) uses. */
export function uniqueStream(category: string): string {
  return `${category}-${randomUUID().replaceAll('-', '')}`;
}

export function anEvent(type = 'Happened', data: unknown = { value: 1 }): EventData {
  return { id: randomUUID(), type, data };
}

export function someEvents(count: number, type = 'Happened'): EventData[] {
  return Array.from({ length: count }, (_, i) => anEvent(type, { index: i }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export async function readStreamIds(store: EventStore, stream: string): Promise<string[]> {
  return (await collect(store.readStream(stream))).map((event) => event.id);
}

/**
 * Reads a subscription until `enough` says so, then unsubscribes. A generous guard turns a hang into
 * a failure with the messages seen so far (it asserts nothing about speed).
 */
export async function readSubscription(
  subscription: Subscription,
  enough: (messages: SubscriptionMessage[]) => boolean,
  guardMs = 15_000,
): Promise<SubscriptionMessage[]> {
  const messages: SubscriptionMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`subscription stalled after ${messages.length} messages: ${summarise(messages)}`));
    }, guardMs);
  });
  const reading = (async () => {
    for await (const message of subscription) {
      messages.push(message);
      if (enough(messages)) break;
    }
  })();
  try {
    await Promise.race([reading, guard]);
  } finally {
    clearTimeout(timer);
    await subscription.unsubscribe();
  }
  return messages;
}

export function eventsOf(messages: readonly SubscriptionMessage[]): RecordedEvent[] {
  return messages.flatMap((message) => (message.kind === 'event' ? [message.event] : []));
}

export function countKind(
  messages: readonly SubscriptionMessage[],
  kind: SubscriptionMessage['kind'],
): number {
  return messages.filter((message) => message.kind === kind).length;
}

function summarise(messages: readonly SubscriptionMessage[]): string {
  return messages
    .slice(-5)
    .map((message) => message.kind)
    .join(',');
}

/** Awaits a rejection and returns the error, so the test can assert its class and fields. */
export async function rejectionOf(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<unknown> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

/**
 * Consumes a subscription continuously in the background, as a real consumer does, and lets a test
 * wait for conditions over what arrived (and write in between, e.g. after caughtUp).
 */
export class SubscriptionProbe {
  readonly messages: SubscriptionMessage[] = [];
  private failure: unknown;
  private ended = false;
  private notify: () => void = () => {};
  private readonly consuming: Promise<void>;

  constructor(private readonly subscription: Subscription) {
    this.consuming = (async () => {
      try {
        for await (const message of subscription) {
          this.messages.push(message);
          this.notify();
        }
      } catch (error) {
        this.failure = error;
      } finally {
        this.ended = true;
        this.notify();
      }
    })();
  }

  /** Waits until `enough` holds over all messages so far; a guard turns a hang into a failure. */
  async until(enough: (messages: SubscriptionMessage[]) => boolean, guardMs = 15_000): Promise<void> {
    const deadline = Date.now() + guardMs;
    while (!enough(this.messages)) {
      if (this.failure) throw this.failure;
      if (this.ended) throw new Error(`subscription ended after ${this.messages.length} messages`);
      if (Date.now() > deadline)
        throw new Error(`subscription stalled after ${this.messages.length} messages`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  events(): RecordedEvent[] {
    return eventsOf(this.messages);
  }

  /** Unsubscribes and waits for the consumer to finish; rethrows a subscription error. */
  async stop(): Promise<void> {
    await this.subscription.unsubscribe();
    await this.consuming;
    if (this.failure) throw this.failure;
  }
}

export const hasCaughtUp = (messages: readonly SubscriptionMessage[]) => countKind(messages, 'caughtUp') > 0;
