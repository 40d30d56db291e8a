import { randomUUID } from 'node:crypto';
import { type EsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import {
  InvalidEventError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import type { EventStore, SubscriptionMessage } from '../port';
import { openEsdbEventStore } from './esdb-event-store';

const event = (type: string, data: unknown = {}) => ({ id: randomUUID(), type, data });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('the EventStoreDB adapter, through the test server', () => {
  let server: EsdbTestServer;
  let store: EventStore;

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer({ seedSystemEvents: true });
    store = await openEsdbEventStore(server.connectionString);
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('appends with expected revisions and maps a conflict to WrongExpectedVersionError', async () => {
    const stream = `person-${randomUUID()}`;
    const first = await store.appendToStream(stream, [event('A'), event('B')], {
      expectedRevision: 'no_stream',
    });
    expect(first.nextExpectedRevision).toBe(1n);
    const conflict = await store
      .appendToStream(stream, [event('C')], { expectedRevision: 0n })
      .catch((e) => e);
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ stream, expected: 0n, actual: 1n });
  });

  it('refuses malformed events before anything is written', async () => {
    const stream = `person-${randomUUID()}`;
    await expect(
      store.appendToStream(stream, [event('A'), { id: 'nope', type: 'B', data: {} }]),
    ).rejects.toBeInstanceOf(InvalidEventError);
    await expect(collect(store.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('hides EventStoreDB system streams from $all reads', async () => {
    await store.appendToStream(`person-${randomUUID()}`, [event('A')]);
    const all = await collect(store.readAll());
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((e) => !e.stream.startsWith('$'))).toBe(true);
    expect(await store.headPosition()).toBe(all.at(-1)!.position);
  });

  it('delivers history, then caughtUp, then live events, in order', async () => {
    const stream = `contract-${randomUUID()}`;
    await store.appendToStream(stream, [event('A'), event('B')]);
    const subscription = store.subscribeToStream(stream);
    const messages: SubscriptionMessage['kind'][] = [];
    for await (const message of subscription) {
      messages.push(message.kind);
      if (message.kind === 'caughtUp') await store.appendToStream(stream, [event('C')]);
      if (messages.length === 4) break;
    }
    expect(messages).toEqual(['event', 'event', 'caughtUp', 'event']);
  });

  it('emits filtered $all checkpoints at the requested interval', async () => {
    const prefix = `gp-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) await store.appendToStream(`${prefix}-${i}`, [event('X')]);
    const head = await store.headPosition();
    const subscription = store.subscribeToAll({
      filter: { streamNamePrefix: [prefix] },
      checkpointInterval: 2,
    });
    const kinds: string[] = [];
    for await (const message of subscription) {
      kinds.push(message.kind);
      if (message.kind === 'caughtUp') {
        expect(message.position).toBeGreaterThanOrEqual(head);
        break;
      }
    }
    expect(kinds.filter((k) => k === 'event')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'checkpoint').length).toBeGreaterThanOrEqual(2);
  });

  it('soft-deletes with stream_exists and tombstones for good', async () => {
    const stream = `person-${randomUUID()}`;
    await expect(store.deleteStream(stream, { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await store.appendToStream(stream, [event('A')]);
    await store.deleteStream(stream, { expectedRevision: 'stream_exists' });
    await expect(collect(store.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    await store.tombstoneStream(stream);
    await expect(store.appendToStream(stream, [event('B')])).rejects.toBeInstanceOf(StreamDeletedError);
  });
});
