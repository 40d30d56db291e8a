import {
  EventStoreDBClient,
  PersistentSubscriptionExistsError,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
} from '@eventstore/db-client';
import { DOWNSTREAM_GROUP, PUBLIC_STREAM } from './public-stream';

/**
 * Creates the downstream persistent subscription group on the public stream unless it exists.
 * Competing consumers, no ordering guarantee (DESIGN §3.7): consumers that need order use a catch-up
 * subscription or the HTTP feed instead.
 */
export async function ensureDownstreamGroup(connectionString: string): Promise<'created' | 'exists'> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await client.createPersistentSubscriptionToStream(
      PUBLIC_STREAM,
      DOWNSTREAM_GROUP,
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, maxRetryCount: 10 }),
    );
    return 'created';
  } catch (error) {
    if (error instanceof PersistentSubscriptionExistsError) return 'exists';
    throw error;
  } finally {
    await client.dispose();
  }
}
