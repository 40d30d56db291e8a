import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { jest } from '@jest/globals';
import type { EventData } from '@flr/event-store';
import { FramedBatchWriter } from './framed-writer';
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from './testing';

/** Reads go out many messages per HTTP/2 write: what the client decodes must be exactly the store's. */
describe('batched reads on the test server', () => {
  let server: EmbeddedEsdbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer();
    client = EventStoreDBClient.connectionString(server.connectionString);
    for (let s = 0; s < 12; s++) {
      const events: EventData[] = Array.from({ length: 250 }, (_, i) => ({
        id: randomUUID(),
        type: i % 2 ? 'Odd' : 'Even',
        data: { s, i, text: 'æøå'.repeat(i % 7) },
        metadata: { n: i },
      }));
      await server.store.appendToStream(`batched-${s}`, events);
    }
    // One event larger than a whole batch (128 KiB), between small ones.
    await server.store.appendToStream('batched-large', [
      { id: randomUUID(), type: 'Large', data: { text: 'x'.repeat(300_000) } },
    ]);
  });
  afterAll(async () => {
    await client.dispose();
    await server.close();
  });

  it('writes counted reads through the batch writer', async () => {
    const spy = jest.spyOn(FramedBatchWriter, 'forCall');
    try {
      for await (const _ of client.readStream('batched-0', { maxCount: 3 }));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.results[0]?.value).toBeInstanceOf(FramedBatchWriter);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives $all forwards exactly as the store holds it, across many batches', async () => {
    const expected: [string, string, bigint, bigint, unknown][] = [];
    for await (const e of server.store.readAll()) {
      if (!e.stream.startsWith('$')) expected.push([e.id, e.stream, e.revision, e.position, e.data]);
    }
    const read: [string, string, bigint, bigint | undefined, unknown][] = [];
    for await (const e of client.readAll({ fromPosition: START, direction: FORWARDS, maxCount: 10_000 })) {
      if (e.event && !e.event.streamId.startsWith('$'))
        read.push([e.event.id, e.event.streamId, e.event.revision, e.commitPosition, e.event.data]);
    }
    expect(read).toHaveLength(3_001);
    expect(read).toEqual(expected);
  });

  it('gives a stream backwards with metadata, types and revisions intact', async () => {
    const read = [];
    for await (const e of client.readStream('batched-3', { direction: BACKWARDS, fromRevision: END }))
      read.push([e.event?.revision, e.event?.type, e.event?.metadata]);
    expect(read).toHaveLength(250);
    expect(read[0]).toEqual([249n, 'Odd', { n: 249 }]);
    expect(read[249]).toEqual([0n, 'Even', { n: 0 }]);
  });
});
