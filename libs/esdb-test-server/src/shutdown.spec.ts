import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, EventStoreDBClient, jsonEvent, UnavailableError } from '@eventstore/db-client';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { heldAppends } from './held-appends';
import { startEsdbTestServer } from './server';

describe('a test server shutting down (SIGTERM) while an append is in progress', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esdb-shutdown-'));
    store = await openEmbeddedEventStore({ path: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // As the client's own suite (extra/write-after-end) finds on a real node: the unary Append is
  // answered UNAVAILABLE (the client reconnects), a BatchAppend stream is cancelled.
  it.each([
    ['UNAVAILABLE on a unary Append (explicit credentials)', true, UnavailableError],
    ['CANCELLED on BatchAppend', false, CancelledError],
  ])('answers %s', async (_name, withCredentials, expected) => {
    const held = heldAppends(store);
    const server = await startEsdbTestServer(
      withCredentials ? { store: held.store, tls: true } : { store: held.store },
    );
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const append = client
        .appendToStream(
          'shutdown-test',
          jsonEvent({ type: 'Written', data: { n: 1 } }),
          withCredentials ? { credentials: { username: 'admin', password: 'changeit' } } : {},
        )
        .catch((error: unknown) => error);
      await held.started;
      await server.close();
      const error = await append;
      expect(error).toBeInstanceOf(expected);
    } finally {
      held.release();
      await client.dispose();
    }
  });
});
