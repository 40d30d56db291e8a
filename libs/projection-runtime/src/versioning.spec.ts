import { InMemoryEventStore } from '@flr/testing';
import { open } from 'lmdb';
import { appendEvents, counter, tempDir } from '../test/fixtures';
import { ProjectionRebuildError, UnknownProjectionError } from './errors';
import { ProjectionRuntime } from './runtime';
import type { ProjectionDefinition, ProjectionStatus } from './types';

describe('ProjectionRuntime versions and rebuilds', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: InMemoryEventStore;
  let rt: ProjectionRuntime | undefined;
  const start = async (...definitions: ProjectionDefinition[]) => {
    rt = new ProjectionRuntime({ store, path: dir.path, batchSize: 10 });
    for (const definition of definitions) rt.register(definition);
    await rt.start();
    return rt;
  };

  beforeEach(async () => {
    dir = tempDir();
    store = new InMemoryEventStore();
    await appendEvents(store, 200);
    const first = await start(counter({ version: 1 }));
    await first.ready(5000);
    await first.stop();
  });
  afterEach(async () => {
    await rt?.stop();
    dir.cleanup();
  });

  it('builds version 2 beside version 1, serves version 1 until version 2 has caught up, then switches', async () => {
    const observed: { total: unknown; statuses: ProjectionStatus[] }[] = [];
    const v2 = counter({ version: 2, weight: 10 });
    const probe: ProjectionDefinition = {
      ...v2,
      evolve(tx, event) {
        // A test probe (evolve is otherwise pure): what does a query see in the middle of the build?
        if (observed.length === 0)
          observed.push({ total: rt!.reader('counter').get('total'), statuses: rt!.status() });
        v2.evolve(tx, event);
      },
    };
    const runtime = await start(counter({ version: 1 }), probe);
    await runtime.rebuild('counter');
    expect(observed[0]!.total).toBe(200);
    expect(observed[0]!.statuses.map((s) => [s.instance, s.active, s.state])).toEqual([
      ['counter.v1', true, 'live'],
      ['counter.v2', false, 'rebuilding'],
    ]);
    expect(runtime.reader('counter').get('total')).toBe(2000);
    expect(runtime.status()).toMatchObject([
      { instance: 'counter.v2', active: true, state: 'live', eventsApplied: 200 },
    ]);
    const head = await appendEvents(store, 5);
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    expect(runtime.reader('counter').get('total')).toBe(2050);
  });

  it('drops the old version when it switches, and keeps the new one active after a restart', async () => {
    const runtime = await start(counter({ version: 2, weight: 10 }));
    await runtime.rebuild('counter');
    await runtime.stop();
    const env = open({ path: dir.path, maxDbs: 16 });
    expect(env.openDB({ name: 'counter.v1' }).getKeysCount()).toBe(0);
    expect(env.openDB({ name: '$checkpoints' }).get('counter.v1')).toBeUndefined();
    await env.close();
    const again = await start(counter({ version: 2, weight: 10 }));
    expect(again.status()).toMatchObject([{ instance: 'counter.v2', active: true, eventsApplied: 200 }]);
    expect(again.reader('counter').get('total')).toBe(2000);
  });

  it('serves the old version while the new definition builds, even when the old one is no longer registered', async () => {
    const runtime = await start(counter({ version: 2, weight: 10 }));
    expect(runtime.reader('counter').get('total')).toBe(200);
    expect(runtime.status().map((s) => [s.instance, s.active])).toEqual([
      ['counter.v1', true],
      ['counter.v2', false],
    ]);
    await runtime.rebuild('counter');
    expect(runtime.reader('counter').get('total')).toBe(2000);
  });

  it('rolls back to an older version by building it afresh beside the newer one', async () => {
    const newer = await start(counter({ version: 2, weight: 10 }));
    await newer.rebuild('counter');
    await newer.stop();
    const older = await start(counter({ version: 1 }));
    expect(older.reader('counter').get('total')).toBe(2000);
    await older.rebuild('counter');
    expect(older.reader('counter').get('total')).toBe(200);
    expect(older.status()).toMatchObject([{ instance: 'counter.v1', active: true, eventsApplied: 200 }]);
  });

  it('rebuilds the current definition as a new generation beside the active copy', async () => {
    const runtime = await start(counter({ version: 1 }));
    await runtime.ready(5000);
    await runtime.rebuild('counter');
    expect(runtime.status()).toMatchObject([
      {
        instance: 'counter.v1.g1',
        version: 1,
        generation: 1,
        active: true,
        state: 'live',
        eventsApplied: 200,
      },
    ]);
    expect(runtime.reader('counter').get('total')).toBe(200);
    const head = await appendEvents(store, 3);
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    expect(runtime.reader('counter').get('total')).toBe(203);
  });

  it('rejects a pending rebuild when the runtime stops, and an unknown name at once', async () => {
    const runtime = await start(counter({ version: 1 }));
    await expect(runtime.rebuild('nope')).rejects.toThrow(UnknownProjectionError);
    const rebuilding = runtime.rebuild('counter');
    await runtime.stop();
    await expect(rebuilding).rejects.toThrow(ProjectionRebuildError);
  });

  it('replaces a failed copy by rebuilding it once the cause is gone', async () => {
    let broken = true;
    const sometimes: ProjectionDefinition = {
      ...counter({ version: 1 }),
      evolve(tx, event) {
        if (broken) throw new Error('downstream bug');
        counter().evolve(tx, event);
      },
    };
    const runtime = await start(sometimes);
    const head = await appendEvents(store, 1);
    expect(await runtime.waitFor(head, 100)).toBe(false);
    expect(runtime.status()[0]).toMatchObject({ state: 'failed', error: { message: 'downstream bug' } });
    broken = false;
    await runtime.rebuild('counter');
    expect(runtime.status()).toMatchObject([{ instance: 'counter.v1.g1', state: 'live' }]);
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    expect(runtime.reader('counter').get('total')).toBe(201);
  });

  it('resumes a build interrupted by a stop from its own checkpoint, applying no event twice', async () => {
    let applied = 0;
    let stopping: Promise<void> | undefined;
    let stopCalled!: () => void;
    const stopCall = new Promise<void>((resolve) => (stopCalled = resolve));
    const v2 = counter({ version: 2 });
    const counting: ProjectionDefinition = {
      ...v2,
      evolve(tx, event) {
        // Stop in the middle of the build (batch of 10: events 51-60 still commit together).
        if (++applied === 55) {
          stopping = rt!.stop();
          stopCalled();
        }
        v2.evolve(tx, event);
      },
    };
    await start(counter({ version: 1 }), counting);
    await stopCall;
    await stopping;
    expect(applied).toBe(60);
    const second = await start(counter({ version: 1 }), counting);
    await second.rebuild('counter');
    expect(applied).toBe(200);
    expect(second.reader('counter').get('total')).toBe(200);
    expect(second.status()[0]).toMatchObject({ instance: 'counter.v2', eventsApplied: 200 });
  });
});
