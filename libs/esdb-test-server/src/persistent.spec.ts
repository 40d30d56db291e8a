import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  jsonEvent,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionExistsError,
  type PersistentSubscriptionToStreamResolvedEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type { EsdbTestServer } from './server';
import { startEmbeddedEsdbTestServer } from './testing';

const events = (n: number, type = 'Work') =>
  Array.from({ length: n }, (_, i) => jsonEvent({ type, data: { i } }));
const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('persistent subscriptions on the test server', () => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer();
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.close();
  });

  it('delivers a stream to a group, acks advance the checkpoint, and creating twice is refused', async () => {
    const stream = `work-${randomUUID()}`;
    await client.appendToStream(stream, events(5));
    const settings = persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: START,
      checkPointLowerBound: 1,
      checkPointAfter: 50,
    });
    await client.createPersistentSubscriptionToStream(stream, 'g', settings);
    await expect(client.createPersistentSubscriptionToStream(stream, 'g', settings)).rejects.toBeInstanceOf(
      PersistentSubscriptionExistsError,
    );
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const seen: unknown[] = [];
    for await (const event of subscription) {
      seen.push(event.event?.data);
      await subscription.ack(event);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    await until(
      async () =>
        (await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats
          .lastCheckpointedEventRevision === 4n,
    );
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.lastCheckpointedEventRevision).toBe(4n);
    expect(info.stats.lastKnownEventRevision).toBe(4n);
    expect(info.settings.consumerStrategyName).toBe('RoundRobin');
    await subscription.unsubscribe();
  });

  it('retries a nacked message with a growing retry count, then parks it and replays it on request', async () => {
    const stream = `retry-${randomUUID()}`;
    await client.appendToStream(stream, events(1));
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, maxRetryCount: 2 }),
    );
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const retries: number[] = [];
    for await (const event of subscription) {
      retries.push(event.retryCount);
      if (retries.length < 3) await subscription.nack('retry', 'not yet', event);
      else if (retries.length === 3) {
        await subscription.nack('park', 'give up', event);
        await until(
          async () =>
            (await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount === 1n,
        );
        await client.replayParkedMessagesToStream(stream, 'g');
      } else {
        await subscription.ack(event);
        break;
      }
    }
    expect(retries).toEqual([0, 1, 2, 0]);
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.parkedMessageCount).toBe(0n);
    await subscription.unsubscribe();
  });

  it('shares a group between two round-robin consumers and lists it', async () => {
    const stream = `rr-${randomUUID()}`;
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    const a = client.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 1 });
    const b = client.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 1 });
    const got = { a: 0, b: 0 };
    const drain = (name: 'a' | 'b', s: typeof a) =>
      s.on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
        got[name]++;
        void s.ack(e);
      });
    drain('a', a);
    drain('b', b);
    await until(
      async () => (await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).connections.length === 2,
    );
    await client.appendToStream(stream, events(10));
    await until(() => got.a + got.b === 10);
    expect(got.a).toBeGreaterThan(0);
    expect(got.b).toBeGreaterThan(0);
    const listed = await client.listPersistentSubscriptionsToStream(stream);
    expect(listed.map((s) => s.groupName)).toEqual(['g']);
    await a.unsubscribe();
    await b.unsubscribe();
    await client.deletePersistentSubscriptionToStream(stream, 'g');
    await expect(client.getPersistentSubscriptionToStreamInfo(stream, 'g')).rejects.toBeInstanceOf(
      PersistentSubscriptionDoesNotExistError,
    );
  });

  it('redelivers a message that is not acked within the message timeout', async () => {
    const stream = `timeout-${randomUUID()}`;
    await client.appendToStream(stream, events(1));
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, messageTimeout: 200 }),
    );
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const retries: number[] = [];
    for await (const event of subscription) {
      retries.push(event.retryCount);
      if (retries.length === 2) {
        await subscription.ack(event);
        break;
      }
    }
    expect(retries).toEqual([0, 1]);
    await subscription.unsubscribe();
  });

  it('filters a group on $all', async () => {
    const prefix = `ps-all-${randomUUID().slice(0, 8)}`;
    await client.createPersistentSubscriptionToAll(
      'all-g',
      persistentSubscriptionToAllSettingsFromDefaults(),
      { filter: streamNameFilter({ prefixes: [prefix] }) },
    );
    await client.appendToStream(`${prefix}-1`, events(2));
    await client.appendToStream(`other-${randomUUID()}`, events(2));
    await client.appendToStream(`${prefix}-2`, events(1));
    const subscription = client.subscribeToPersistentSubscriptionToAll('all-g');
    const streams: string[] = [];
    for await (const event of subscription) {
      streams.push(event.event!.streamId);
      await subscription.ack(event);
      if (streams.length === 3) break;
    }
    expect(streams).toEqual([`${prefix}-1`, `${prefix}-1`, `${prefix}-2`]);
    await subscription.unsubscribe();
  });
});
