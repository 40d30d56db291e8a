import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStoreImpl, type RecordedEvent } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { projectionsModuleUrl } from '../index';
import { generateHistory, InMemoryEventStore } from '@flr/testing';
import { fold } from '../testing/history';
import { WAITING_LISTS, waitingListsProjection } from '../waiting-lists/waiting-lists';
import { PUBLIC_EVENTS, publicEventsProjection } from './definition';

describe('public events and waiting lists on the real runtime, rows written back once per batch', () => {
  it('hold exactly what a fold with a fresh copy per read and a write per put holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-write-back-'));
    try {
      const store = new InMemoryEventStore();
      let head = 0n;
      let events = 0;
      for (const e of generateHistory({ persons: 1_000, seed: 'write-back' })) {
        ({ position: head } = await store.appendToStream(e.stream, [
          { id: e.id, type: e.type, data: e.data, metadata: e.metadata },
        ]));
        events++;
      }
      expect(events).toBeGreaterThan(1_000);
      // Small batches: many rows are read and written by two events of one batch, others across batches.
      const runtime = new ProjectionRuntime({ store, path: dir, batchSize: 97 });
      runtime.register(publicEventsProjection);
      runtime.register(waitingListsProjection);
      await runtime.start();
      expect(await runtime.waitFor(head, 60_000)).toBe(true);
      const dump = (name: string) =>
        [...runtime.reader(name).range({})].map(({ key, value }) => [key, value]);
      const feed = dump(PUBLIC_EVENTS);
      const waiting = dump(WAITING_LISTS);
      await runtime.stop();

      const replay: RecordedEvent[] = [];
      for await (const e of store.readAll()) replay.push(e);
      const folded = fold([publicEventsProjection, waitingListsProjection], replay);
      expect(feed.length).toBeGreaterThan(events / 2);
      expect(waiting.some(([key]) => (key as string[])[0] === 'wh')).toBe(true);
      expect(feed).toEqual(folded.get(PUBLIC_EVENTS)!.dump());
      expect(waiting).toEqual(folded.get(WAITING_LISTS)!.dump());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // 250: a transaction is one slice of the log; 2,500: two slices of 1,000 events and one of 500 in each.
  it.each([250, 2_500])(
    'hold the same when an empty folder builds them in a thread in transactions of %i events, their held rows in memory until its end',
    async (firstBuildBatchSize) => {
      const dir = mkdtempSync(join(tmpdir(), 'flr-write-back-thread-'));
      const eventLog = join(dir, 'events');
      const store = await openEmbeddedEventStoreImpl({ path: eventLog });
      try {
        let head = 0n;
        for (const e of generateHistory({ persons: 1_000, seed: 'write-back' })) {
          ({ position: head } = await store.appendToStream(e.stream, [
            { id: e.id, type: e.type, data: e.data, metadata: e.metadata },
          ]));
        }
        const runtime = new ProjectionRuntime({
          store,
          path: join(dir, 'readmodels'),
          batchSize: 97,
          // The first build in a thread (the log is long enough).
          rebuildThreads: {
            definitions: projectionsModuleUrl,
            eventLog,
            firstBuildMinLag: 1,
            firstBuildThreads: 1,
            firstBuildBatchSize,
          },
        });
        runtime.register(publicEventsProjection);
        runtime.register(waitingListsProjection);
        await runtime.start();
        expect(await runtime.waitFor(head, 60_000)).toBe(true);
        const feed = [...runtime.reader(PUBLIC_EVENTS).range({})].map(({ key, value }) => [key, value]);
        const waiting = [...runtime.reader(WAITING_LISTS).range({})].map(({ key, value }) => [key, value]);
        await runtime.stop();

        const replay: RecordedEvent[] = [];
        for await (const e of store.readAll()) replay.push(e);
        const folded = fold([publicEventsProjection, waitingListsProjection], replay);
        const personRows = feed.filter(([key]) => (key as string[])[0] === 'xp');
        expect(personRows.length).toBeGreaterThan(500);
        expect(feed).toEqual(folded.get(PUBLIC_EVENTS)!.dump());
        // The waiting lists built beside it in the same thread and transactions, their queue, history,
        // current and count rows held as objects, their nin rows not.
        for (const prefix of ['wq', 'wh', 'wp', 'wc', 'pn'])
          expect(waiting.some(([key]) => (key as string[])[0] === prefix)).toBe(true);
        expect(waiting).toEqual(folded.get(WAITING_LISTS)!.dump());
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
