import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { appendEvents, counter, tempDir } from '../test/fixtures';
import { ProjectionRuntime } from './runtime';

/** The same runtime against the real embedded store (the in-memory fake elsewhere). */
describe('ProjectionRuntime on the embedded event store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: EventStore;
  const readModels = () => join(dir.path, 'readmodels');

  beforeEach(async () => {
    dir = tempDir();
    store = await openEmbeddedEventStore({ path: join(dir.path, 'events') });
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('catches up, follows live appends and resumes after a restart without applying anything twice', async () => {
    await appendEvents(store, 300, { types: ['Counted', 'Ignored'] });
    const first = new ProjectionRuntime({ store, path: readModels(), batchSize: 64 });
    first.register(counter({ eventTypes: ['Counted'] }));
    await first.start();
    expect(await first.ready(10_000)).toBe(true);
    const live = await appendEvents(store, 10);
    expect(await first.waitFor(live, 10_000)).toBe(true);
    expect(first.reader('counter').get('total')).toBe(160);
    await first.stop();

    const { position } = await store.appendToStream('gp-9', [
      { id: randomUUID(), type: 'Counted', data: {} },
    ]);
    const second = new ProjectionRuntime({ store, path: readModels(), batchSize: 64 });
    second.register(counter({ eventTypes: ['Counted'] }));
    await second.start();
    expect(await second.waitFor(position, 10_000)).toBe(true);
    expect(second.reader('counter').get('total')).toBe(161);
    expect(second.status()[0]).toMatchObject({
      eventsApplied: 161,
      eventsProcessed: 311,
      checkpoint: position,
    });
    await second.stop();
  });

  it('lets other work run between batches while it catches up, so a listening API keeps answering', async () => {
    await appendEvents(store, 600, { types: ['Counted'] });
    const runtime = new ProjectionRuntime({ store, path: readModels(), batchSize: 50 });
    runtime.register(counter({ eventTypes: ['Counted'] }));
    await runtime.start();
    // A request arriving during the catch-up is a macrotask: it must not wait for the whole log.
    const seenMidway = await new Promise<number>((resolve) =>
      setImmediate(() => resolve(runtime.status()[0]!.eventsApplied)),
    );
    expect(await runtime.ready(10_000)).toBe(true);
    expect(seenMidway).toBeLessThan(600);
    expect(runtime.reader('counter').get('total')).toBe(600);
    await runtime.stop();
  });

  it('an online rebuild lets other work run between its batches, not only once it is done (issue 13)', async () => {
    await appendEvents(store, 600, { types: ['Counted'] });
    const BATCH = 20;
    const runtime = new ProjectionRuntime({ store, path: readModels(), batchSize: BATCH });
    runtime.register(counter({ eventTypes: ['Counted'] }));
    await runtime.start();
    expect(await runtime.ready(10_000)).toBe(true);
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
    expect(runtime.reader('counter').get('total')).toBe(600);
    // 30 batches: the other work ran between (most of) them.
    expect(turns).toBeGreaterThanOrEqual(600 / BATCH / 2);
    await runtime.stop();
  });

  it('switches to a new version once it has caught up with the embedded log', async () => {
    await appendEvents(store, 100);
    const first = new ProjectionRuntime({ store, path: readModels() });
    first.register(counter());
    await first.start();
    await first.ready(10_000);
    await first.stop();
    const second = new ProjectionRuntime({ store, path: readModels() });
    second.register(counter());
    second.register(counter({ version: 2, weight: 2 }));
    await second.start();
    await second.rebuild('counter');
    expect(second.reader('counter').get('total')).toBe(200);
    expect(second.status()).toMatchObject([{ instance: 'counter.v2', active: true }]);
    await second.stop();
  });
});
