import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { describeEventStoreConformance } from '@flr/event-store/testing';

describeEventStoreConformance(
  'embedded LMDB',
  async () => {
    const path = mkdtempSync(join(tmpdir(), 'flr-events-'));
    let store: EventStore = await openEmbeddedEventStore({ path });
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await openEmbeddedEventStore({ path });
        return store;
      },
      async cleanup() {
        await store.close();
        rmSync(path, { recursive: true, force: true });
      },
    };
  },
  { restart: true },
);
