import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent, NotFoundError } from '@eventstore/db-client';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { startEsdbTestServer } from './server';

describe('the Projections service beside the system projections (--run-projections=system)', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esdb-projections-service-'));
    store = await openEmbeddedEventStore({ path: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers NotFoundError for a projection it does not have, as the server does (24.6 and later)', async () => {
    const server = await startEsdbTestServer({ store, runProjections: 'system' });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const name = `missing-${randomUUID()}`;
    try {
      await expect(client.getProjectionState(name)).rejects.toThrow(NotFoundError);
      await expect(client.getProjectionResult(name)).rejects.toThrow(NotFoundError);
      await expect(client.updateProjection(name, 'fromAll().when({})')).rejects.toThrow(NotFoundError);
      await expect(client.resetProjection(name)).rejects.toThrow(NotFoundError);
      await expect(client.deleteProjection(name)).rejects.toThrow(NotFoundError);
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  it('restarts the subsystem: an enabled system projection goes on linking afterwards, without duplicates', async () => {
    const server = await startEsdbTestServer({ store, runProjections: 'system' });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const category = `visit${randomUUID().slice(0, 8)}`;
    const linked = async () => {
      let count = 0;
      for await (const _ of client.readStream(`$ce-${category}`)) count++;
      return count;
    };
    const until = async (count: number) => {
      for (let i = 0; i < 400; i++) {
        const now = await linked().catch(() => 0);
        if (now >= count) return now;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`$ce-${category} never reached ${count} links`);
    };
    try {
      await client.enableProjection('$by_category');
      await client.appendToStream(`${category}-1`, [jsonEvent({ type: 'Seen', data: { n: 1 } })]);
      await until(1);
      await expect(client.restartSubsystem()).resolves.toBeUndefined();
      await client.appendToStream(`${category}-2`, [jsonEvent({ type: 'Seen', data: { n: 2 } })]);
      await expect(until(2)).resolves.toBe(2);
      await new Promise((r) => setTimeout(r, 200));
      await expect(linked()).resolves.toBe(2);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
});
