import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  binaryEvent,
  END,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
} from '@eventstore/db-client';
import type { EsdbTestServer } from './server';
import { startEmbeddedEsdbTestServer } from './testing';

const MAX_APPEND_SIZE = 1_048_576;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

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

    // A generous deadline: on a loaded CI machine 30,000 events can take longer than the client's 10 s default.
    const result = await client.appendToStream(stream, events, {
      expectedRevision: NO_STREAM,
      deadline: 60_000,
    });
    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(29_999n);
    const [first] = await collect(client.readStream(stream, { maxCount: 1 }));
    const [last] = await collect(
      client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    expect(first?.event?.revision).toBe(0n);
    expect(first?.event?.data).toEqual({ n: 10_000 });
    expect(last?.event?.revision).toBe(29_999n);
    expect(last?.event?.data).toEqual({ n: 39_999 });
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

describe('a unary Append over MaxAppendSize', () => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer({ tls: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.close();
  });

  it('is refused as soon as its events pass the limit, before the upload ends (as the server does)', async () => {
    // 64 MiB offered as 65,536 events of 1 KiB, made as the client pulls them. Refused only at the
    // end of the upload, every event would be pulled first (and a slow machine would pass the
    // client's deadline first: the client suite's `MaximumAppendSizeExceeded` of 40,000 events).
    const offered = 65_536;
    const kib = new Uint8Array(1024);
    let pulled = 0;
    const events = Object.assign([] as ReturnType<typeof binaryEvent>[], {
      *[Symbol.iterator]() {
        for (; pulled < offered; ) {
          pulled++;
          yield binaryEvent({ type: 'Kib', data: kib });
        }
      },
    });
    const error = await client
      .appendToStream(`endless-${randomUUID()}`, events, {
        // Per-call credentials make the client use the unary Append instead of BatchAppend.
        credentials: { username: 'admin', password: 'changeit' },
        deadline: 60_000,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(pulled).toBeGreaterThan(MAX_APPEND_SIZE / 1024);
    expect(pulled).toBeLessThan(offered / 2);
  });
});
