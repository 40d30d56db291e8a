import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { type EsdbTestServer, type EsdbTestServerOptions, startEsdbTestServer } from './server';

export interface EmbeddedEsdbTestServer extends EsdbTestServer {
  /** The embedded store behind the server (for assertions on what was written). */
  readonly store: EventStore;
}

/**
 * A test server on a fresh temporary embedded store; `close()` stops both and removes the data.
 * For test bootstraps: `const esdb = await startEmbeddedEsdbTestServer(); ...esdb.connectionString`.
 */
export async function startEmbeddedEsdbTestServer(
  options: Omit<EsdbTestServerOptions, 'store'> = {},
): Promise<EmbeddedEsdbTestServer> {
  const path = mkdtempSync(join(tmpdir(), 'flr-esdb-test-server-'));
  const store = await openEmbeddedEventStore({ path });
  const server = await startEsdbTestServer({ ...options, store });
  return {
    ...server,
    store,
    async close() {
      await server.close();
      await store.close();
      rmSync(path, { recursive: true, force: true });
    },
  };
}
