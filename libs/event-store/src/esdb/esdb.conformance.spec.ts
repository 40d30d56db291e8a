import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEsdbTestServer } from '@flr/esdb-test-server';
import { describeEventStoreConformance } from '../conformance';
import { openEmbeddedEventStore } from '../embedded';
import { openEsdbEventStore } from './esdb-event-store';

// The EventStoreDB adapter, through the real client, against the protocol-compatible test server
// backed by a temporary embedded store: the same cases the embedded adapter passes.
describeEventStoreConformance('EventStoreDB (test server)', async () => {
  const path = mkdtempSync(join(tmpdir(), 'flr-esdb-conformance-'));
  const backing = await openEmbeddedEventStore({ path });
  const server = await startEsdbTestServer({ store: backing });
  const store = await openEsdbEventStore(server.connectionString);
  return {
    store,
    async cleanup() {
      await store.close();
      await server.close();
      await backing.close();
      rmSync(path, { recursive: true, force: true });
    },
  };
});
