import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadlineExceededError, EventStoreDBClient, jsonEvent, TimeoutError } from '@eventstore/db-client';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { heldAppends } from './held-appends';
import { COMMIT_TIMEOUT_TICK_MS } from './node';
import { startEsdbTestServer } from './server';

const ADMIN = { username: 'admin', password: 'changeit' };

async function countIn(store: EventStore, stream: string): Promise<number> {
  let count = 0;
  try {
    for await (const _ of store.readStream(stream)) count++;
  } catch {
    return 0;
  }
  return count;
}

async function eventually(read: () => Promise<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value > 0) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  return read();
}

describe('the commit timeout (--commit-timeout-ms)', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esdb-commit-timeout-'));
    store = await openEmbeddedEventStore({ path: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['unary Append (explicit credentials): TimeoutError, as RpcExceptions.Timeout', true, TimeoutError],
    ['BatchAppend: DeadlineExceededError, from the Timeout status', false, DeadlineExceededError],
  ])('answers an append the store has not committed in time on %s', async (_name, unary, expected) => {
    const held = heldAppends(store);
    const server = await startEsdbTestServer({
      store: held.store,
      commitTimeoutMs: 50,
      ...(unary ? { tls: true as const } : {}),
    });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const error = await client
        .appendToStream(
          'commit-timeout',
          jsonEvent({ type: 'Written', data: { n: 1 } }),
          // No client deadline: only the server's commit timeout can end this append.
          unary
            ? { credentials: ADMIN, deadline: Number.POSITIVE_INFINITY }
            : { deadline: Number.POSITIVE_INFINITY },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(expected);
      // The outcome was unknown, not a refusal: the write goes on and commits once the store does.
      held.release();
      expect(await eventually(() => countIn(store, 'commit-timeout'))).toBe(1);
    } finally {
      held.release();
      await client.dispose();
      await server.close();
    }
  });

  it('lets an append that commits within the timeout succeed', async () => {
    const server = await startEsdbTestServer({ store, commitTimeoutMs: 5_000 });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const result = await client.appendToStream('commit-in-time', jsonEvent({ type: 'Written', data: {} }));
      expect(result.success).toBe(true);
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('with a 1 ms commit timeout a small append still commits (timeouts are checked on a 1 s tick), one still uncommitted at the tick gets TimeoutError, and the client keeps its channel', async () => {
    // Appends to `slow-…` streams take longer than one tick to commit; the others commit at once.
    const slow = new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'appendToStream') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          if (args[0].startsWith('slow-'))
            await new Promise((r) => setTimeout(r, COMMIT_TIMEOUT_TICK_MS * 1.5));
          return target.appendToStream(...args);
        };
      },
    });
    const server = await startEsdbTestServer({ store: slow, commitTimeoutMs: 1, tls: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    // Explicit credentials force the unary Append, whose commit timeout the client maps to TimeoutError.
    const options = { credentials: ADMIN, deadline: Number.POSITIVE_INFINITY };
    try {
      const first = await client.appendToStream(
        'my_stream',
        jsonEvent({ type: 'first-append', data: {} }),
        options,
      );
      expect(first.success).toBe(true);
      const channel = (client as unknown as { getChannel(): Promise<unknown> }).getChannel;
      const before = await channel.call(client);

      const error = await client
        .appendToStream('slow-stream', jsonEvent({ type: 'late', data: {} }), options)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      // A timeout is not a connection failure: no reconnection, the same channel, and it still works.
      expect(await channel.call(client)).toBe(before);
      const after = await client.appendToStream(
        'my_stream',
        jsonEvent({ type: 'second', data: {} }),
        options,
      );
      expect(after.nextExpectedRevision).toBe(1n);
      // The timed-out write's outcome was unknown: it commits once the store does.
      expect(await eventually(() => countIn(store, 'slow-stream'))).toBe(1);
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('refuses a timeout that is not a positive whole number of milliseconds', async () => {
    await expect(startEsdbTestServer({ store, commitTimeoutMs: 0 })).rejects.toThrow(
      'commitTimeoutMs must be a positive whole number of milliseconds, got 0',
    );
  });
});
