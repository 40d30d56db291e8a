import { EventStoreDBClient, type PersistentSubscriptionToStreamResolvedEvent } from '@eventstore/db-client';

/** The worker's public stream and downstream group (docs/downstream.md). */
export const PUBLIC_STREAM = 'flr-public-events';
export const DOWNSTREAM_GROUP = 'flr-downstream';

export interface GroupConsumerOptions {
  readonly connectionString: string;
  readonly onEvent: (type: string, data: unknown, feedPosition: string) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * A competing consumer on the downstream persistent subscription group: each event goes to one
 * consumer of the group; ack after handling, nack(retry) on failure (parked after the group's
 * maxRetryCount). No ordering guarantee: use it for work queues, the HTTP feed for ordered replicas.
 */
export async function consumeDownstreamGroup(options: GroupConsumerOptions): Promise<void> {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const subscription = client.subscribeToPersistentSubscriptionToStream(PUBLIC_STREAM, DOWNSTREAM_GROUP);
  options.signal?.addEventListener('abort', () => void subscription.unsubscribe());
  try {
    for await (const resolved of subscription as AsyncIterable<PersistentSubscriptionToStreamResolvedEvent>) {
      const event = resolved.event!;
      const feedPosition = String(
        (event.metadata as { feedPosition?: string } | undefined)?.feedPosition ?? '',
      );
      try {
        await options.onEvent(event.type, event.data, feedPosition);
        await subscription.ack(resolved);
      } catch (error) {
        await subscription.nack('retry', error instanceof Error ? error.message : String(error), resolved);
      }
    }
  } finally {
    await client.dispose();
  }
}
