import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStoreDBClient,
  jsonEvent,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { startEsdbTestServer } from './server';
import { categoryOf, linkTargets, parseRunProjections } from './system-projections';

async function readAllOf(client: EventStoreDBClient, stream: string): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  try {
    for await (const event of client.readStream(stream, { resolveLinkTos: true })) out.push(event);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return out;
}

/** Links are written after the source events (eventually consistent, as on the server). */
async function untilCount(client: EventStoreDBClient, stream: string, count: number) {
  for (let i = 0; i < 400; i++) {
    const events = await readAllOf(client, stream);
    if (events.length >= count) return events;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${stream} never reached ${count} events`);
}

describe('the system projections $by_category and $by_event_type (--run-projections=system)', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esdb-projections-'));
    store = await openEmbeddedEventStore({ path: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exists stopped, as on the server; enabled through the client it links every event so far into $ce-<category> and $et-<type>, and resolveLinkTos reads the originals', async () => {
    const server = await startEsdbTestServer({ store, runProjections: 'system' });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const type = `Placed${randomUUID().slice(0, 8)}`;
    try {
      await client.appendToStream('order-1', [jsonEvent({ type, data: { n: 1 } })]);
      await client.appendToStream('order-2', [jsonEvent({ type: 'Other', data: { n: 2 } })]);
      await new Promise((r) => setTimeout(r, 200));
      await expect(readAllOf(client, '$ce-order')).resolves.toEqual([]);
      await client.enableProjection('$by_category');
      await client.enableProjection('$by_event_type');
      await client.appendToStream('order-1', [jsonEvent({ type, data: { n: 3 } })]);
      await client.appendToStream('nodash', [jsonEvent({ type, data: { n: 4 } })]);
      const category = await untilCount(client, '$ce-order', 3);
      expect(category.map((e) => [e.event?.streamId, e.event?.revision, e.event?.data])).toEqual([
        ['order-1', 0n, { n: 1 }],
        ['order-2', 0n, { n: 2 }],
        ['order-1', 1n, { n: 3 }],
      ]);
      expect(category.map((e) => [e.link?.streamId, e.link?.type, e.link?.revision])).toEqual([
        ['$ce-order', '$>', 0n],
        ['$ce-order', '$>', 1n],
        ['$ce-order', '$>', 2n],
      ]);
      const byType = await untilCount(client, `$et-${type}`, 3);
      expect(byType.map((e) => [e.event?.streamId, e.event?.data])).toEqual([
        ['order-1', { n: 1 }],
        ['order-1', { n: 3 }],
        ['nodash', { n: 4 }],
      ]);
      // Without resolveLinkTos the link itself is read: `revision@stream`.
      const raw: string[] = [];
      for await (const e of client.readStream('$ce-order', { maxCount: 1 })) {
        raw.push(Buffer.from(e.event?.data as Uint8Array).toString('utf8'));
      }
      expect(raw).toEqual(['0@order-1']);
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('feeds a persistent subscription with resolveLinkTos on $ce-<category>', async () => {
    const server = await startEsdbTestServer({
      store,
      runProjections: 'system',
      startStandardProjections: true,
    });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      for (let i = 0; i < 4; i++) {
        await client.appendToStream(`invoice-${i}`, [jsonEvent({ type: 'Issued', data: { i } })]);
      }
      await client.createPersistentSubscriptionToStream(
        '$ce-invoice',
        'billing',
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, resolveLinkTos: true }),
      );
      const subscription = client.subscribeToPersistentSubscriptionToStream('$ce-invoice', 'billing');
      const seen: unknown[] = [];
      for await (const event of subscription) {
        seen.push([event.event?.streamId, event.event?.data, event.link?.type]);
        await subscription.ack(event);
        if (seen.length === 4) break;
      }
      await subscription.unsubscribe();
      expect(seen).toEqual([0, 1, 2, 3].map((i) => [`invoice-${i}`, { i }, '$>']));
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('resumes after a restart, still enabled, without linking an event twice', async () => {
    let server = await startEsdbTestServer({ store, runProjections: 'system' });
    let client = EventStoreDBClient.connectionString(server.connectionString);
    await client.enableProjection('$by_category');
    await client.enableProjection('$by_event_type');
    await client.appendToStream('cart-1', [jsonEvent({ type: 'Added', data: { n: 1 } })]);
    await untilCount(client, '$ce-cart', 1);
    await client.dispose();
    await server.close();
    server = await startEsdbTestServer({ store, runProjections: 'system' });
    client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('cart-2', [jsonEvent({ type: 'Added', data: { n: 2 } })]);
      await untilCount(client, '$ce-cart', 2);
      await untilCount(client, '$et-Added', 2);
      // Let any late duplicate land before counting.
      await new Promise((r) => setTimeout(r, 200));
      const links = await readAllOf(client, '$ce-cart');
      expect(links.map((e) => e.event?.streamId)).toEqual(['cart-1', 'cart-2']);
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('stops linking when disabled through the client', async () => {
    const server = await startEsdbTestServer({
      store,
      runProjections: 'system',
      startStandardProjections: true,
    });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('ticket-1', [jsonEvent({ type: 'Opened', data: { n: 1 } })]);
      await untilCount(client, '$ce-ticket', 1);
      await client.disableProjection('$by_category');
      await client.appendToStream('ticket-2', [jsonEvent({ type: 'Opened', data: { n: 2 } })]);
      await untilCount(client, '$et-Opened', 2);
      await new Promise((r) => setTimeout(r, 200));
      expect((await readAllOf(client, '$ce-ticket')).map((e) => e.event?.streamId)).toEqual(['ticket-1']);
      await expect(client.enableProjection('my-own')).rejects.toThrow('not found');
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('writes no links with --run-projections=none (the default)', async () => {
    const server = await startEsdbTestServer({ store, startStandardProjections: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('order-9', [jsonEvent({ type: 'Placed', data: {} })]);
      await new Promise((r) => setTimeout(r, 200));
      await expect(readAllOf(client, '$ce-order')).resolves.toEqual([]);
      await expect(readAllOf(client, '$et-Placed')).resolves.toEqual([]);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
});

describe('system projection rules', () => {
  it('takes the category before the first dash, and skips system streams and types', () => {
    expect(categoryOf('order-1-a')).toBe('order');
    expect(categoryOf('order')).toBeUndefined();
    expect(categoryOf('-x')).toBeUndefined();
    expect(linkTargets({ stream: 'order-1', type: 'Placed' })).toEqual(['$ce-order', '$et-Placed']);
    expect(linkTargets({ stream: 'single', type: 'Placed' })).toEqual(['$et-Placed']);
    expect(linkTargets({ stream: '$ce-order', type: '$>' })).toEqual([]);
    expect(linkTargets({ stream: '$$order-1', type: '$metadata' })).toEqual([]);
    expect(linkTargets({ stream: 'order-1', type: '$>' })).toEqual([]);
  });

  it('accepts none and system in any case, and names why all is refused', () => {
    expect(parseRunProjections('System')).toBe('system');
    expect(parseRunProjections('NONE')).toBe('none');
    expect(() => parseRunProjections('all')).toThrow('JavaScript projections');
    expect(() => parseRunProjections('some')).toThrow('--run-projections must be none or system, got some');
  });
});
