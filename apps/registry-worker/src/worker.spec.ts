import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, type PersistentSubscriptionToStreamResolvedEvent } from '@eventstore/db-client';
import { type EventStore, openEsdbEventStore, type RecordedEvent } from '@flr/event-store';
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { PUBLIC_EVENT_TYPES, PUBLIC_EVENTS, publicEventsProjection, readFeed } from '@flr/projections';
import { generateHistory } from '@flr/testing';
import { DOWNSTREAM_GROUP, PUBLIC_STREAM, PublicStreamPublisher } from './public-stream';
import { RegistryWorker } from './worker';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('the registry worker against EventStoreDB (test server)', () => {
  let esdb: EmbeddedEsdbTestServer;
  let store: EventStore;
  let runtime: ProjectionRuntime;
  let worker: RegistryWorker;
  let readModels: string;
  let published: RecordedEvent[];

  beforeAll(async () => {
    esdb = await startEmbeddedEsdbTestServer();
    store = await openEsdbEventStore(esdb.connectionString);
    for (const e of generateHistory({ persons: 60, seed: 'worker', to: '2002-01-01' })) {
      await store.appendToStream(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
    }
    readModels = mkdtempSync(join(tmpdir(), 'flr-worker-'));
    runtime = new ProjectionRuntime({ store, path: readModels });
    runtime.register(publicEventsProjection);
    worker = new RegistryWorker({
      store,
      runtime,
      connectionString: esdb.connectionString,
      publishIntervalMs: 20,
    });
    await worker.start();
    expect(await runtime.waitFor(await store.headPosition(), 20_000)).toBe(true);
    const feedSize = [...readFeed(runtime.reader(PUBLIC_EVENTS), null, 100_000)].length;
    for (let i = 0; i < 400; i++) {
      published = await collect(store.readStream(PUBLIC_STREAM)).catch(() => []);
      if (published.length >= feedSize) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  afterAll(async () => {
    await worker.stop();
    await esdb.close();
    rmSync(readModels, { recursive: true, force: true });
  });

  it('projects the log and publishes the whole public feed, in feed order, to the public stream', () => {
    const feed = readFeed(runtime.reader(PUBLIC_EVENTS), null, 100_000);
    expect(feed.length).toBeGreaterThan(0);
    expect(published.map((e) => (e.metadata as { feedPosition: string }).feedPosition)).toEqual(
      feed.map((e) => e.position),
    );
    expect(published.every((e) => (PUBLIC_EVENT_TYPES as readonly string[]).includes(e.type))).toBe(true);
    expect(worker.health().ok).toBe(true);
  });

  it('publishes nothing twice: a second publisher on the same stream finds nothing left', async () => {
    const again = new PublicStreamPublisher(store, () => runtime.reader(PUBLIC_EVENTS));
    expect(await again.publishAll()).toBe(0);
    expect(await collect(store.readStream(PUBLIC_STREAM))).toHaveLength(published.length);
  });

  it('offers the public stream to competing consumers through the downstream group: every published event', async () => {
    expect(published.length).toBeGreaterThan(5);
    const client = EventStoreDBClient.connectionString(esdb.connectionString);
    const subscription = client.subscribeToPersistentSubscriptionToStream(PUBLIC_STREAM, DOWNSTREAM_GROUP);
    // A group that stops delivering must fail the test, not hang it: give up after 20 s.
    const giveUp = setTimeout(() => void subscription.unsubscribe(), 20_000);
    const seen: string[] = [];
    for await (const event of subscription as AsyncIterable<PersistentSubscriptionToStreamResolvedEvent>) {
      seen.push(event.event!.id);
      await subscription.ack(event);
      if (seen.length === published.length) break;
    }
    clearTimeout(giveUp);
    await subscription.unsubscribe();
    await client.dispose();
    // One consumer alone receives the whole stream, each event once, in stream order.
    expect(seen).toEqual(published.map((e) => e.id));
  });
});
