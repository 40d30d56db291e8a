import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EsdbTestServer, startEsdbTestServer } from '@flr/esdb-test-server';
import { describeEventStoreConformance } from '../conformance';
import { openEmbeddedEventStore } from '../embedded';
import type { EventStore } from '../port';
import { openEsdbEventStore } from './esdb-event-store';

// The EventStoreDB adapter, through the real client, against the protocol-compatible test server
// backed by a temporary embedded store: the same cases the embedded adapter passes. A restart stops
// the adapter, the server and its store, and brings them back on the same port and data.
describeEventStoreConformance(
  'EventStoreDB (test server)',
  async () => {
    const path = mkdtempSync(join(tmpdir(), 'flr-esdb-conformance-'));
    let backing: EventStore = await openEmbeddedEventStore({ path });
    let server: EsdbTestServer = await startEsdbTestServer({ store: backing });
    let store: EventStore = await openEsdbEventStore(server.connectionString);
    const stop = async () => {
      await store.close();
      await server.close();
      await backing.close();
    };
    return {
      get store() {
        return store;
      },
      async reopen() {
        await stop();
        backing = await openEmbeddedEventStore({ path });
        server = await startEsdbTestServer({ store: backing, port: server.port });
        store = await openEsdbEventStore(server.connectionString);
        return store;
      },
      async cleanup() {
        await stop();
        rmSync(path, { recursive: true, force: true });
      },
    };
  },
  { restart: true },
);
