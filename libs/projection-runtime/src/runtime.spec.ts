import { jest } from '@jest/globals';
import { InMemoryEventStore } from '@flr/testing';
import { appendEvents, counter, tempDir } from '../test/fixtures';
import { ProjectionRuntimeStateError, UnknownProjectionError } from './errors';
import { ProjectionRuntime } from './runtime';
import { ReadModelStorage } from './storage';
import type { ProjectionDefinition } from './types';

describe('ProjectionRuntime', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: InMemoryEventStore;
  const runtimes: ProjectionRuntime[] = [];
  const runtime = (batchSize = 50) => {
    const created = new ProjectionRuntime({ store, path: dir.path, batchSize });
    runtimes.push(created);
    return created;
  };

  beforeEach(() => {
    dir = tempDir();
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    for (const created of runtimes.splice(0)) await created.stop();
    dir.cleanup();
  });

  it('applies every event of the declared types and reports itself live once caught up', async () => {
    const head = await appendEvents(store, 500, { types: ['Counted', 'Ignored'] });
    const rt = runtime();
    rt.register(counter({ eventTypes: ['Counted'] }));
    await rt.start();
    expect(await rt.waitFor(head, 5000)).toBe(true);
    expect(await rt.ready(5000)).toBe(true);
    expect(rt.reader('counter').get('total')).toBe(250);
    const [status] = rt.status();
    expect(status).toMatchObject({ name: 'counter', version: 1, active: true, state: 'live' });
    expect(status).toMatchObject({ checkpoint: head, head, lag: 0n, progress: 1 });
    expect(status).toMatchObject({ eventsApplied: 250, eventsProcessed: 500 });
  });

  it('gives each reader a stamp that changes when a write commits and when reads switch to a rebuilt copy', async () => {
    const head = await appendEvents(store, 100, { types: ['Counted'] });
    const rt = runtime();
    rt.register(counter({ eventTypes: ['Counted'] }));
    const reader = rt.reader('counter');
    // Not started: no storage, a stamp equal to nothing (NaN), so nothing may be kept.
    expect(reader.stamp?.()).toBeNaN();
    await rt.start();
    expect(await rt.waitFor(head, 5000)).toBe(true);
    const settled = reader.stamp!();
    expect(reader.stamp!()).toBe(settled);
    const { position } = await store.appendToStream('gp-1', [
      { id: crypto.randomUUID(), type: 'Counted', data: {} },
    ]);
    expect(await rt.waitFor(position, 5000)).toBe(true);
    const afterWrite = reader.stamp!();
    expect(afterWrite).not.toBe(settled);
    expect(reader.get('total')).toBe(101);
    await rt.rebuild('counter');
    expect(reader.stamp!()).not.toBe(afterWrite);
    expect(reader.get('total')).toBe(101);
  });

  it('moves the checkpoint past events of types it does not declare, so waitFor answers for them', async () => {
    const rt = runtime();
    rt.register(counter({ eventTypes: ['Counted'] }));
    await rt.start();
    const { position } = await store.appendToStream('gp-1', [
      { id: crypto.randomUUID(), type: 'Other', data: {} },
    ]);
    expect(await rt.waitFor(position, 5000)).toBe(true);
    expect(rt.status()[0]!.checkpoint).toBe(position);
    expect(rt.reader('counter').get('total')).toBeUndefined();
  });

  it('skips infrastructure streams ($…, flr-…) even for declared types, in document and in-memory copies', async () => {
    const rt = runtime();
    rt.register(counter({ eventTypes: ['Counted'] }));
    const seen: string[] = [];
    rt.registerMemory({
      name: 'streams-seen',
      version: 1,
      eventTypes: ['Counted'],
      create: () => ({}),
      evolve: (_model: object, event: { stream: string }) => {
        seen.push(event.stream);
      },
      encode: () => [Buffer.alloc(0)],
      decode: () => ({}),
    });
    await rt.start();
    const counted = () => [{ id: crypto.randomUUID(), type: 'Counted', data: {} }];
    await store.appendToStream('flr-public-events', counted());
    await store.appendToStream('$et-Counted', counted());
    const { position } = await store.appendToStream('gp-1', counted());
    expect(await rt.waitFor(position, 5000)).toBe(true);
    expect(rt.reader('counter').get('total')).toBe(1);
    expect(seen).toEqual(['gp-1']);
  });

  it('lets evolve read the writes of earlier events in the same batch', async () => {
    const head = await appendEvents(store, 300);
    const rt = runtime(1000);
    rt.register(counter());
    await rt.start();
    const transactions = jest.spyOn(ReadModelStorage.prototype, 'transact');
    await rt.waitFor(head, 5000);
    // One batch holds all 300 events; a get blind to the batch's own puts would count 1.
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockRestore();
    expect(rt.reader('counter').get('total')).toBe(300);
    expect(rt.reader('counter').get('stream:person')).toBe(200);
  });

  it('follows live events appended after catching up', async () => {
    const rt = runtime();
    rt.register(counter());
    await rt.start();
    await appendEvents(store, 20);
    const head = await appendEvents(store, 20);
    expect(await rt.waitFor(head, 5000)).toBe(true);
    expect(rt.reader('counter').get('total')).toBe(40);
  });

  it('answers waitFor with false when the position is not reached in time', async () => {
    const head = await appendEvents(store, 10);
    const rt = runtime();
    rt.register(counter());
    await rt.start();
    expect(await rt.waitFor(head + 1000n, 30)).toBe(false);
  });

  it('answers waitFor only when every active projection has reached the position', async () => {
    const rt = runtime();
    rt.register(counter());
    rt.register({ ...counter({ name: 'broken' }), evolve: () => fail('boom') });
    await rt.start();
    const head = await appendEvents(store, 5);
    expect(await rt.waitFor(head, 200)).toBe(false);
    expect(rt.status().find((s) => s.name === 'counter')?.checkpoint).toBe(head);
  });

  it('resumes after a restart right after the last committed event, applying nothing twice', async () => {
    await appendEvents(store, 120);
    const first = runtime(7);
    first.register(counter());
    await first.start();
    await first.waitFor(await store.headPosition(), 5000);
    await first.stop();
    const head = await appendEvents(store, 80);
    const second = runtime(7);
    second.register(counter());
    await second.start();
    expect(await second.waitFor(head, 5000)).toBe(true);
    expect(second.reader('counter').get('total')).toBe(200);
    expect(second.status()[0]).toMatchObject({ eventsApplied: 200, eventsProcessed: 200 });
  });

  it('stops a projection whose evolve throws, keeps the events before it, and lets the others run', async () => {
    const head = await appendEvents(store, 100);
    const positions = await allPositions(store);
    let seen = 0;
    const flaky: ProjectionDefinition = {
      ...counter({ name: 'flaky' }),
      evolve(tx, event) {
        if (++seen === 37) fail(`cannot apply ${event.type}`);
        counter().evolve(tx, event);
      },
    };
    const first = runtime(10);
    first.register(flaky);
    first.register(counter());
    await first.start();
    // Until the failure and the other projection's catch-up have happened, however loaded the machine is
    // (a fixed wait of 300 ms was too short beside a national rebuild).
    const settled = () =>
      first.status().find((s) => s.name === 'flaky')?.state === 'failed' &&
      first.status().find((s) => s.name === 'counter')?.checkpoint === head;
    for (const deadline = Date.now() + 20_000; !settled() && Date.now() < deadline; )
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await first.waitFor(head, 50)).toBe(false);
    const failed = first.status().find((s) => s.name === 'flaky')!;
    expect(failed).toMatchObject({ state: 'failed', checkpoint: positions[35], eventsApplied: 36 });
    expect(failed.error).toEqual({
      position: positions[36],
      eventType: 'Counted',
      message: 'cannot apply Counted',
    });
    expect(first.reader('flaky').get('total')).toBe(36);
    expect(first.reader('counter').get('total')).toBe(100);
    await first.stop();

    // After a fix (same version), a restart retries the failing event once, exactly.
    const second = runtime(10);
    second.register(counter({ name: 'flaky' }));
    second.register(counter());
    await second.start();
    expect(await second.waitFor(head, 5000)).toBe(true);
    expect(second.reader('flaky').get('total')).toBe(100);
    expect(second.status().find((s) => s.name === 'flaky')).toMatchObject({
      state: 'live',
      eventsApplied: 100,
    });
  });

  it('reads the log once for all projections that start from the same checkpoint', async () => {
    const head = await appendEvents(store, 100);
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    const rt = runtime();
    for (const name of ['one', 'two', 'three']) rt.register(counter({ name }));
    await rt.start();
    expect(await rt.waitFor(head, 5000)).toBe(true);
    expect(subscribe).toHaveBeenCalledTimes(1);
    for (const name of ['one', 'two', 'three']) expect(rt.reader(name).get('total')).toBe(100);
  });

  it('starts a projection registered after start, beside the ones already running', async () => {
    const head = await appendEvents(store, 40);
    const rt = runtime();
    rt.register(counter());
    await rt.start();
    rt.register(counter({ name: 'late' }));
    expect(await rt.waitFor(head, 5000)).toBe(true);
    expect(rt.reader('late').get('total')).toBe(40);
    expect(rt.status().map((s) => s.name)).toEqual(['counter', 'late']);
  });

  it('keeps read models in a folder whose name has a dot, created when missing', async () => {
    const head = await appendEvents(store, 3);
    const rt = new ProjectionRuntime({ store, path: `${dir.path}/nested/readmodels.v2` });
    runtimes.push(rt);
    rt.register(counter());
    await rt.start();
    expect(await rt.waitFor(head, 5000)).toBe(true);
    expect(rt.reader('counter').get('total')).toBe(3);
  });

  it('refuses reads before start and reads of unknown projections with typed errors', async () => {
    const rt = runtime();
    rt.register(counter());
    expect(() => rt.reader('counter').get('total')).toThrow(ProjectionRuntimeStateError);
    await rt.start();
    expect(() => rt.reader('nope')).toThrow(UnknownProjectionError);
    await expect(rt.start()).rejects.toThrow(ProjectionRuntimeStateError);
  });

  it('reads ranges of the active read model in key order', async () => {
    const head = await appendEvents(store, 30);
    const rt = runtime();
    rt.register(counter());
    await rt.start();
    await rt.waitFor(head, 5000);
    const seen = [...rt.reader('counter').range({ start: ['seen'], end: ['seen', '~'], limit: 5 })];
    expect(seen).toHaveLength(5);
    expect(seen.map((entry) => entry.value)).toEqual(Array(5).fill('Counted'));
    const keys = seen.map((entry) => entry.key);
    expect([...keys].sort()).toEqual(keys);
  });
});

async function allPositions(store: InMemoryEventStore): Promise<bigint[]> {
  const positions: bigint[] = [];
  for await (const event of store.readAll()) positions.push(event.position);
  return positions;
}

function fail(message: string): never {
  throw new Error(message);
}
