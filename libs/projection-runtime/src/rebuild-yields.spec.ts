import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { counter, tempDir } from '../test/fixtures';
import { ProjectionRuntime } from './runtime';

/**
 * Issue 13 (no stalls): an online rebuild reads the whole log. On the embedded store the catch-up is
 * synchronous reads handed over on microtasks, so without a yield nothing else (a command, a query, a
 * timer) runs until the rebuild ends. The feed yields to the event loop between batches.
 */
describe('an online rebuild shares the event loop', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: EventStore;

  beforeEach(async () => {
    dir = tempDir();
    store = await openEmbeddedEventStore({ path: join(dir.path, 'events') });
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('lets other work run between its batches while it catches up with the log', async () => {
    const EVENTS = 3_000;
    const BATCH = 100;
    for (let i = 0; i < EVENTS; i += 500) {
      const events = Array.from({ length: 500 }, (_, k) => ({
        id: randomUUID(),
        type: 'Counted',
        data: { i: i + k },
      }));
      await store.appendToStream(`person-${i}`, events);
    }
    const runtime = new ProjectionRuntime({ store, path: join(dir.path, 'readmodels'), batchSize: BATCH });
    runtime.register(counter());
    await runtime.start();
    expect(await runtime.ready(30_000)).toBe(true);

    // Other work: a macrotask that re-arms itself, counted until the rebuilt copy is live.
    let turns = 0;
    let rebuilding = true;
    const other = () => {
      turns++;
      if (rebuilding) setImmediate(other);
    };
    setImmediate(other);
    await runtime.rebuild('counter');
    rebuilding = false;
    expect(runtime.reader('counter').get('total')).toBe(EVENTS);
    // 30 batches: the other work ran between (most of) them, not only once the rebuild was done.
    expect(turns).toBeGreaterThanOrEqual(EVENTS / BATCH / 2);
    await runtime.stop();
  });
});
