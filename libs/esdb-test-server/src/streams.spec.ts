import { randomUUID } from 'node:crypto';
import {
  binaryEvent,
  CancelledError,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  START,
} from '@eventstore/db-client';
import type { EsdbTestServer } from './server';
import { startEmbeddedEsdbTestServer } from './testing';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('the EventStoreDB test server, driven by the official client', () => {
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

  it('appends JSON events and reads them back with revisions, positions and timestamps', async () => {
    const stream = `order-${randomUUID()}`;
    const result = await client.appendToStream(
      stream,
      [1, 2, 3].map((n) => jsonEvent({ type: 'Placed', data: { n }, metadata: { by: 'test' } })),
      { expectedRevision: NO_STREAM },
    );
    expect(result.nextExpectedRevision).toBe(2n);
    const events = await collect(client.readStream(stream));
    expect(events.map((e) => e.event?.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(events.map((e) => e.event?.revision)).toEqual([0n, 1n, 2n]);
    expect(events[2]!.event!.position).toEqual(result.position);
    expect(events[0]!.event!.metadata).toEqual({ by: 'test' });
    expect(events[0]!.event!.created.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reports a wrong expected version with the actual revision', async () => {
    const stream = `order-${randomUUID()}`;
    await client.appendToStream(stream, jsonEvent({ type: 'Placed', data: {} }));
    const error = await client
      .appendToStream(stream, jsonEvent({ type: 'Placed', data: {} }), { expectedRevision: NO_STREAM })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(0n);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe(NO_STREAM);
  });

  it('answers a missing stream with StreamNotFoundError and a tombstoned one with StreamDeletedError', async () => {
    const stream = `gone-${randomUUID()}`;
    await expect(collect(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream(stream, jsonEvent({ type: 'Placed', data: {} }));
    await client.tombstoneStream(stream);
    await expect(collect(client.readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream(stream, jsonEvent({ type: 'X', data: {} }))).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });

  it('resolves $> links when asked', async () => {
    const target = `target-${randomUUID()}`;
    const links = `links-${randomUUID()}`;
    await client.appendToStream(target, [
      jsonEvent({ type: 'A', data: { a: 1 } }),
      jsonEvent({ type: 'B', data: {} }),
    ]);
    await client.appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`0@${target}`) }));
    const [resolved] = await collect(client.readStream(links, { resolveLinkTos: true }));
    expect(resolved!.event?.type).toBe('A');
    expect(resolved!.link?.type).toBe('$>');
    const [raw] = await collect(client.readStream(links));
    expect(raw!.event?.type).toBe('$>');
  });

  it('streams a filtered $all subscription with caughtUp once, then live events, and checkpoints', async () => {
    const type = `Filtered${randomUUID().slice(0, 8)}`;
    await client.appendToStream(`f-${randomUUID()}`, [jsonEvent({ type, data: { n: 1 } })]);
    const checkpoints: bigint[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({
        prefixes: [type],
        checkpointInterval: 1,
        checkpointReached: (_s, p) => void checkpoints.push(p.commit),
      }),
    });
    let caughtUp = 0;
    subscription.on('caughtUp', () => caughtUp++);
    const seen: unknown[] = [];
    for await (const resolved of subscription) {
      seen.push(resolved.event?.data);
      if (seen.length === 1)
        await client.appendToStream(`f-${randomUUID()}`, [jsonEvent({ type, data: { n: 2 } })]);
      if (seen.length === 2) break;
    }
    await subscription.unsubscribe();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(caughtUp).toBe(1);
    expect(checkpoints.length).toBeGreaterThan(0);
  });
});

describe('cluster discovery against the test server', () => {
  it('discovers the single leader through gossip (esdb+discover://)', async () => {
    const server = await startEmbeddedEsdbTestServer();
    const client = EventStoreDBClient.connectionString(`esdb+discover://127.0.0.1:${server.port}?tls=false`);
    try {
      const result = await client.appendToStream(`d-${randomUUID()}`, jsonEvent({ type: 'Found', data: {} }));
      expect(result.success).toBe(true);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
});

describe('shutting the test server down', () => {
  it('ends open subscriptions with CANCELLED, as a node going down does', async () => {
    const server = await startEmbeddedEsdbTestServer();
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const subscription = client.subscribeToAll({ fromPosition: START });
    await new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
    const failure = new Promise<unknown>((resolve) => subscription.once('error', resolve));
    await server.close();
    expect(await failure).toBeInstanceOf(CancelledError);
    await client.dispose();
  });
});
