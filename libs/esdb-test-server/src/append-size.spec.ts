import { randomUUID } from 'node:crypto';
import {
  binaryEvent,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
} from '@eventstore/db-client';
import type { EsdbTestServer } from './server';
import { startEmbeddedEsdbTestServer } from './testing';

const MAX_APPEND_SIZE = 1_048_576;

describe('the append size, counted as EventStoreDB 24.10 counts it (data bytes)', () => {
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

  it('accepts 30,000 small events in one append although type + data + metadata exceed 1 MiB', async () => {
    const stream = `bulk-${randomUUID()}`;
    const events = Array.from({ length: 30_000 }, (_, n) =>
      jsonEvent({
        type: 'SmallEventRecorded',
        data: { n: 10_000 + n },
        metadata: { recordedBy: 'append-size-test' },
      }),
    );
    // Counted the old way (type + data + metadata bytes) this append is well over the limit.
    const naive = events.reduce(
      (sum, e) =>
        sum +
        Buffer.byteLength(e.type) +
        Buffer.byteLength(JSON.stringify(e.data)) +
        Buffer.byteLength(JSON.stringify(e.metadata)),
      0,
    );
    expect(naive).toBeGreaterThan(MAX_APPEND_SIZE);

    const result = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(29_999n);
    let count = 0;
    let last: unknown;
    for await (const resolved of client.readStream(stream, { maxCount: 30_000 })) {
      count += 1;
      last = resolved.event?.data;
    }
    expect(count).toBe(30_000);
    expect(last).toEqual({ n: 39_999 });
  }, 60_000);

  it('rejects an append whose data bytes exceed 1 MiB with MaxAppendSizeExceededError', async () => {
    const stream = `big-${randomUUID()}`;
    const half = new Uint8Array(MAX_APPEND_SIZE / 2 + 1);
    const error = await client
      .appendToStream(stream, [
        binaryEvent({ type: 'Blob', data: half }),
        binaryEvent({ type: 'Blob', data: half }),
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(MAX_APPEND_SIZE);
    const written = await (async () => {
      try {
        for await (const _ of client.readStream(stream)) return true;
        return false;
      } catch {
        return false;
      }
    })();
    expect(written).toBe(false);
  });

  it('accepts data of exactly 1 MiB in one append', async () => {
    const stream = `edge-${randomUUID()}`;
    const result = await client.appendToStream(
      stream,
      binaryEvent({ type: 'Blob', data: new Uint8Array(MAX_APPEND_SIZE) }),
      { expectedRevision: NO_STREAM },
    );
    expect(result.nextExpectedRevision).toBe(0n);
  });
});
