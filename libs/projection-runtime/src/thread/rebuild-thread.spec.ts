import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { type EmbeddedEventStore, openEmbeddedEventStoreImpl } from '@flr/event-store';
import { tempDir } from '../../test/fixtures';
import {
  heldRowKey,
  poisonedThreadCounter,
  type ThreadTally,
  threadBatches,
  threadCounter,
  threadDefinitionsUrl,
  threadHolder,
  threadObjectHolder,
  heldObjectKey,
  type HeldObject,
  threadTally,
  threadNiceness,
  threadTypes,
} from '../../test/thread-definitions';
import { ProjectionRebuildError } from '../errors';
import { ProjectionRuntime } from '../runtime';
import { ReadModelStorage } from '../storage';
import type { ReadModelReader } from '../types';

/** Appends `count` events to three streams, `per` events per append; returns the head. */
async function append(
  store: EmbeddedEventStore,
  count: number,
  type = 'Counted',
  per = 250,
): Promise<bigint> {
  let position = 0n;
  for (let done = 0; done < count; done += per) {
    const events = Array.from({ length: Math.min(per, count - done) }, (_, i) => ({
      id: randomUUID(),
      type,
      data: { i: done + i },
    }));
    ({ position } = await store.appendToStream(`person-${done % 3}`, events));
  }
  return position;
}

function byThread(reader: ReadModelReader): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { key, value } of reader.range<number>({ start: ['by-thread'], end: ['by-thread', '\uffff'] }))
    counts.set((key as [string, number])[1], value);
  return counts;
}

/** thread-holder's rows as a fold of the log's events before `before` would leave them: key -> count. */
async function heldRowsFold(store: EmbeddedEventStore, before?: bigint): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    if (before !== undefined && event.position >= before) break;
    const id = heldRowKey(event.stream, event.position)[1];
    const count = (rows.get(id) ?? 0) + 1;
    if (count === 7) rows.delete(id);
    else rows.set(id, count);
  }
  return rows;
}

async function heldObjectsFold(store: EmbeddedEventStore, before?: bigint): Promise<Map<string, HeldObject>> {
  const rows = new Map<string, HeldObject>();
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    if (before !== undefined && event.position >= before) break;
    const id = heldObjectKey(event.stream, event.position).join('/');
    const count = (rows.get(id)?.count ?? 0) + 1;
    if (count === 5) rows.delete(id);
    else rows.set(id, { count, last: event.position.toString() });
  }
  return rows;
}

function heldObjects(reader: ReadModelReader): Map<string, HeldObject> {
  const rows = new Map<string, HeldObject>();
  for (const { key, value } of reader.range<HeldObject>({ start: ['obj'], end: ['obj', '\uffff'] }))
    rows.set((key as string[]).join('/'), value);
  return rows;
}

function heldRows(reader: ReadModelReader): Map<string, number> {
  const rows = new Map<string, number>();
  for (const { key, value } of reader.range<Uint8Array>({ start: ['row'], end: ['row', '\uffff'] }))
    rows.set((key as [string, string])[1], Buffer.from(value).readUInt32LE(0));
  return rows;
}

/** Online rebuilds in worker threads (issue 13 item 6): the copy is built off this event loop. */
describe('rebuild threads', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: EmbeddedEventStore;
  const runtimes: ProjectionRuntime[] = [];
  const eventLog = () => join(dir.path, 'events');
  const runtime = (threads = true, minLag = 0, firstBuildMinLag?: number, firstBuildThreads = 1) => {
    const created = new ProjectionRuntime({
      store,
      path: join(dir.path, 'readmodels'),
      batchSize: 500,
      ...(threads
        ? {
            rebuildThreads: {
              definitions: threadDefinitionsUrl,
              eventLog: eventLog(),
              minLag,
              ...(firstBuildMinLag === undefined ? {} : { firstBuildMinLag, firstBuildThreads }),
            },
          }
        : {}),
    });
    runtimes.push(created);
    return created;
  };

  beforeEach(async () => {
    dir = tempDir();
    store = await openEmbeddedEventStoreImpl({ path: join(dir.path, 'events') });
  });
  afterEach(async () => {
    for (const created of runtimes.splice(0)) await created.stop();
    await store.close();
    dir.cleanup();
  });

  it('applies a rebuilt document copy in another thread, then follows live events on this one', async () => {
    const head = await append(store, 3000);
    const rt = runtime();
    rt.register(threadCounter);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    expect(byThread(rt.reader('thread-counter'))).toEqual(new Map([[threadId, 3000]]));

    await rt.rebuild('thread-counter');
    const rebuilt = byThread(rt.reader('thread-counter'));
    expect(rt.reader('thread-counter').get('total')).toBe(3000);
    expect(rebuilt.get(threadId) ?? 0).toBe(0);
    expect([...rebuilt.values()].reduce((a, b) => a + b, 0)).toBe(3000);
    // Built in a scratch environment of its own, copied in and removed.
    expect(existsSync(join(dir.path, 'readmodels', 'building', 'thread-counter.v1.g1'))).toBe(false);
    const live = await append(store, 5);
    expect(await rt.waitFor(live, 10_000)).toBe(true);
    expect(rt.reader('thread-counter').get('total')).toBe(3005);
    expect(byThread(rt.reader('thread-counter')).get(threadId)).toBe(5);
    expect(rt.status()).toEqual([
      expect.objectContaining({
        instance: 'thread-counter.v1.g1',
        active: true,
        state: 'live',
        checkpoint: live,
      }),
    ]);
  });

  it('builds an in-memory model in another thread from its snapshot, catching up here', async () => {
    const head = await append(store, 2000);
    const rt = runtime();
    rt.registerMemory(threadTally);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    expect(rt.memory<ThreadTally>('thread-tally').byThread).toEqual({ [threadId]: 2000 });

    await rt.rebuild('thread-tally');
    const model = rt.memory<ThreadTally>('thread-tally');
    expect(model.total).toBe(2000);
    expect(model.last).toBe(head.toString());
    expect(model.byThread[threadId]).toBeUndefined();
    const live = await append(store, 3);
    expect(await rt.waitFor(live, 10_000)).toBe(true);
    expect(rt.memory<ThreadTally>('thread-tally')).toMatchObject({ total: 2003, last: live.toString() });
    expect(rt.memory<ThreadTally>('thread-tally').byThread[threadId]).toBe(3);
  });

  it('leaves the live copy serving when the new version fails in its thread, reporting where', async () => {
    await append(store, 400);
    const poison = await append(store, 1, 'Poison');
    const head = await append(store, 100);
    const rt = runtime();
    rt.register(threadCounter);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);

    rt.register(poisonedThreadCounter);
    await expect(rt.rebuild('thread-counter')).rejects.toThrow(ProjectionRebuildError);
    const [active, building] = rt.status();
    expect(active).toMatchObject({ instance: 'thread-counter.v1', active: true, state: 'live' });
    expect(building).toMatchObject({ instance: 'thread-counter.v2', active: false, state: 'failed' });
    expect(building!.error).toMatchObject({ position: poison, eventType: 'Poison' });
    expect(building!.error!.message).toContain(`cannot count poison at ${poison}`);
    // The thread committed every event before the failing one.
    expect(building!.checkpoint).toBe(poison - 1n);
    expect(rt.reader('thread-counter').get('total')).toBe(501);
  });

  it('stops a thread mid-build on stop() and resumes the build from its checkpoint after a restart', async () => {
    const head = await append(store, 6000);
    const first = runtime();
    first.register(threadCounter);
    await first.start();
    expect(await first.waitFor(head, 20_000)).toBe(true);
    const rebuild = first.rebuild('thread-counter');
    await first.stop();
    await expect(rebuild).rejects.toThrow(ProjectionRebuildError);

    const second = runtime();
    second.register(threadCounter);
    await second.start();
    await second.rebuild('thread-counter');
    // Every event exactly once in the rebuilt copy, whichever thread applied it.
    expect(second.reader('thread-counter').get('total')).toBe(6000);
    expect(second.status()).toEqual([
      expect.objectContaining({ instance: 'thread-counter.v1.g1', active: true, checkpoint: head }),
    ]);
  });

  it('builds a copy less than minLag positions behind the head on this thread', async () => {
    const head = await append(store, 500);
    const rt = runtime(true, 501);
    rt.register(threadCounter);
    rt.registerMemory(threadTally);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    await Promise.all([rt.rebuild('thread-counter'), rt.rebuild('thread-tally')]);
    expect(byThread(rt.reader('thread-counter'))).toEqual(new Map([[threadId, 500]]));
    expect(rt.memory<ThreadTally>('thread-tally').byThread).toEqual({ [threadId]: 500 });
    // One more event: the head is minLag positions from the start, and the next build takes a thread.
    expect(await rt.waitFor(await append(store, 1), 10_000)).toBe(true);
    await rt.rebuild('thread-counter');
    expect(byThread(rt.reader('thread-counter')).get(threadId) ?? 0).toBe(0);
  });

  it("builds an empty folder's first copies together in one thread, reporting no position before its rows are committed", async () => {
    const head = await append(store, 4000);
    const rt = runtime(true, 0, 4000);
    rt.register(threadCounter);
    rt.register(threadTypes);
    rt.registerMemory(threadTally);
    const counter = rt.reader('thread-counter');
    // No stamp may be kept while the thread writes the copies: sampled on every turn of the event loop.
    const stamps: number[] = [];
    let sampling = true;
    const sample = () => {
      if (!sampling) return;
      stamps.push(counter.stamp!());
      setImmediate(sample);
    };
    await rt.start();
    sample();
    // What the copies' readers see the moment waitFor reports a position (ahead of any commit it would lie).
    const seenAt = (position: bigint) =>
      rt.waitFor(position, 20_000).then((ok) => ({ ok, total: counter.get<number>('total') }));
    const [early, atHead] = await Promise.all([seenAt(1000n), seenAt(head)]);
    sampling = false;
    expect(early.ok).toBe(true);
    expect(early.total).toBeGreaterThanOrEqual(1000);
    expect(atHead).toEqual({ ok: true, total: 4000 });
    expect(stamps.length).toBeGreaterThan(1);
    expect(stamps.every((stamp) => Number.isNaN(stamp))).toBe(true);
    // Both document copies in one other thread; the in-memory model on this one.
    const counted = byThread(counter);
    expect(counted.get(threadId) ?? 0).toBe(0);
    expect([...counted.values()]).toEqual([4000]);
    expect(byThread(rt.reader('thread-types'))).toEqual(counted);
    expect(rt.reader('thread-types').get(['type', 'Counted'])).toBe(4000);
    expect(rt.memory<ThreadTally>('thread-tally').byThread).toEqual({ [threadId]: 4000 });
    // Then live here, with a stamp again.
    const live = await append(store, 5);
    expect(await rt.waitFor(live, 10_000)).toBe(true);
    expect(counter.get('total')).toBe(4005);
    expect(byThread(counter).get(threadId)).toBe(5);
    expect(Number.isNaN(counter.stamp!())).toBe(false);
    expect(rt.status().filter((s) => s.state !== 'live')).toEqual([]);
  });

  it('builds first copies in transactions of firstBuildBatchSize events (default 50,000), never fewer than batchSize', async () => {
    const head = await append(store, 3000);
    let folders = 0;
    const largest = async (firstBuildBatchSize?: number) => {
      const rt = new ProjectionRuntime({
        store,
        path: join(dir.path, `readmodels-${folders++}`),
        batchSize: 500,
        rebuildThreads: {
          definitions: threadDefinitionsUrl,
          eventLog: eventLog(),
          firstBuildMinLag: 3000,
          firstBuildThreads: 1,
          ...(firstBuildBatchSize === undefined ? {} : { firstBuildBatchSize }),
        },
      });
      runtimes.push(rt);
      rt.register(threadBatches);
      await rt.start();
      expect(await rt.waitFor(head, 20_000)).toBe(true);
      return rt.reader('thread-batches').get<number>('largest');
    };
    expect(await largest(1000)).toBe(1000);
    expect(await largest()).toBe(3000);
    // Never fewer than the runtime's batchSize (500 here).
    expect(await largest(100)).toBe(500);
    expect(
      () =>
        new ProjectionRuntime({
          store,
          path: join(dir.path, 'readmodels'),
          rebuildThreads: { definitions: threadDefinitionsUrl, eventLog: eventLog(), firstBuildBatchSize: 0 },
        }),
    ).toThrow(/firstBuildBatchSize must be a positive integer/);
  });

  it('a first build runs at firstBuildNiceness (default 0), a rebuild beside a live copy at niceness (default 10)', async () => {
    const head = await append(store, 3000);
    const niceOf = (rt: ProjectionRuntime) => {
      const seen = new Map<number, number>();
      for (const { key, value } of rt
        .reader('thread-niceness')
        .range<number>({ start: ['nice'], end: ['nice\uffff'] }))
        seen.set((key as [string, number])[1], value);
      seen.delete(threadId);
      return [...seen.values()];
    };
    const first = runtime(true, 0, 3000);
    first.register(threadNiceness);
    await first.start();
    expect(await first.waitFor(head, 20_000)).toBe(true);
    const expected = process.platform === 'linux' ? [0, 10] : [0, 0];
    expect(niceOf(first)).toEqual([expected[0]]);
    await first.rebuild('thread-niceness');
    expect(niceOf(first)).toEqual([expected[1]]);
    expect(
      () =>
        new ProjectionRuntime({
          store,
          path: join(dir.path, 'readmodels'),
          rebuildThreads: { definitions: threadDefinitionsUrl, eventLog: eventLog(), firstBuildNiceness: 20 },
        }),
    ).toThrow(/firstBuildNiceness must be an integer 0-19/);
  });

  it('deals first copies over firstBuildThreads threads, each reading the log once', async () => {
    const head = await append(store, 3000);
    const rt = runtime(true, 0, 3000, 2);
    rt.register(threadCounter);
    rt.register(threadTypes);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    const counter = byThread(rt.reader('thread-counter'));
    const types = byThread(rt.reader('thread-types'));
    expect([...counter.values()]).toEqual([3000]);
    expect([...types.values()]).toEqual([3000]);
    const threads = new Set([...counter.keys(), ...types.keys()]);
    expect(threads.size).toBe(2);
    expect(threads.has(threadId)).toBe(false);
  });

  it('fails only the copy whose evolve throws in the first-build thread; the others go live', async () => {
    await append(store, 3000);
    const poison = await append(store, 1, 'Poison');
    const head = await append(store, 1000);
    const rt = runtime(true, 0, 4000);
    rt.register(threadCounter);
    rt.register(threadTypes);
    await rt.start();
    const settled = () => rt.status().every((s) => s.state === 'failed' || s.state === 'live');
    for (const until = Date.now() + 20_000; !settled() && Date.now() < until; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const types = rt.status().find((s) => s.name === 'thread-types')!;
    expect(types).toMatchObject({ state: 'failed', checkpoint: poison - 1n });
    expect(types.error).toMatchObject({ position: poison, eventType: 'Poison' });
    expect(types.error!.message).toContain(`cannot type poison at ${poison}`);
    expect(rt.status().find((s) => s.name === 'thread-counter')).toMatchObject({
      state: 'live',
      checkpoint: head,
    });
    expect(rt.reader('thread-counter').get('total')).toBe(4001);
  });

  it('builds first copies on this thread when the log is shorter than firstBuildMinLag, or a copy already applied events', async () => {
    const head = await append(store, 500);
    const short = runtime(true, 0, 501);
    short.register(threadCounter);
    await short.start();
    expect(await short.waitFor(head, 20_000)).toBe(true);
    expect(byThread(short.reader('thread-counter'))).toEqual(new Map([[threadId, 500]]));
    await short.stop();
    // thread-counter has applied events: a restart catches both up here, thread-types from the start.
    const later = await append(store, 600);
    const restarted = runtime(true, 0, 1);
    restarted.register(threadCounter);
    restarted.register(threadTypes);
    await restarted.start();
    expect(await restarted.waitFor(later, 20_000)).toBe(true);
    expect(byThread(restarted.reader('thread-counter'))).toEqual(new Map([[threadId, 1100]]));
    expect(byThread(restarted.reader('thread-types'))).toEqual(new Map([[threadId, 1100]]));
  });

  // Rows held as bytes under [prefix, id], and as objects under keys of three parts (grouped in the
  // first-build thread with a copy holding the other kind, or with one holding none).
  const holders = [
    {
      held: 'as bytes',
      definition: threadHolder,
      rows: heldRows,
      fold: heldRowsFold,
      beside: threadCounter,
      besideRows: undefined,
    },
    {
      held: 'as objects',
      definition: threadObjectHolder,
      rows: heldObjects,
      fold: heldObjectsFold,
      beside: threadHolder,
      besideRows: async (rt: ProjectionRuntime) =>
        expect(heldRows(rt.reader('thread-holder'))).toEqual(await heldRowsFold(store)),
    },
  ];

  it.each(holders)(
    "holds a first build's rows $held in memory in its thread and writes them once at its end: the rows a fold gives",
    async ({ definition, rows, fold, beside, besideRows }) => {
      const head = await append(store, 4000);
      const rt = runtime(true, 0, 4000);
      rt.register(definition);
      rt.register(beside);
      await rt.start();
      expect(await rt.waitFor(head, 20_000)).toBe(true);
      const holder = rt.reader(definition.name);
      expect([...byThread(holder).values()]).toEqual([4000]);
      expect(byThread(holder).get(threadId) ?? 0).toBe(0);
      const expected = await fold(store);
      expect(expected.size).toBeGreaterThan(10);
      expect(rows(holder)).toEqual(expected);
      await besideRows?.(rt);
      // Then live on this thread, reading and writing the rows in the read model.
      const live = await append(store, 30);
      expect(await rt.waitFor(live, 10_000)).toBe(true);
      expect(rows(holder)).toEqual(await fold(store));
      expect(holder.get('total')).toBe(4030);
      await rt.stop();
      const storage = ReadModelStorage.open(join(dir.path, 'readmodels'), 16);
      try {
        expect(storage.rowsHeld({ name: definition.name, version: 1, generation: 0 })).toBe(false);
      } finally {
        await storage.close();
      }
    },
  );

  it.each(holders)(
    'keeps rows held $held as the last committed batch left them when an evolve throws mid-batch in the thread',
    async ({ definition, rows, fold }) => {
      await append(store, 2000);
      const poison = await append(store, 1, 'Poison');
      await append(store, 1000);
      const rt = runtime(true, 0, 3000);
      rt.register(definition);
      await rt.start();
      const settled = () => rt.status().every((s) => s.state === 'failed' || s.state === 'live');
      for (const until = Date.now() + 20_000; !settled() && Date.now() < until; )
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rt.status()[0]).toMatchObject({ state: 'failed', checkpoint: poison - 1n });
      // The failing batch touched rows before the poison; they are as the 2,000 events before it left them.
      expect(rows(rt.reader(definition.name))).toEqual(await fold(store, poison));
      expect(rt.reader(definition.name).get('total')).toBe(2000);
    },
  );

  it('refuses a firstBuildWindow that is not a non-negative integer', () => {
    expect(
      () =>
        new ProjectionRuntime({
          store,
          path: join(dir.path, 'readmodels'),
          rebuildThreads: { definitions: threadDefinitionsUrl, eventLog: eventLog(), firstBuildWindow: -1 },
        }),
    ).toThrow('rebuildThreads.firstBuildWindow must be a non-negative integer, not -1');
  });

  it('clears a copy whose first build held rows when it stopped, and builds it again from the start', async () => {
    const head = await append(store, 3000);
    // What a killed first build leaves: a checkpoint that says rows were held, and rows without them.
    const folder = join(dir.path, 'readmodels');
    const ref = { name: 'thread-holder', version: 1, generation: 0 };
    const left = ReadModelStorage.open(folder, 16);
    left.createInstance(ref, 'active');
    left.transact(() => {
      left.readModel('thread-holder.v1').putSync('total', 1234);
      left.readModel('thread-holder.v1').putSync(['by-thread', -1], 1234);
      left.writeCheckpoint(ref, { position: 1234n, processed: 1234, applied: 1234 }, true);
    });
    expect(left.rowsHeld(ref)).toBe(true);
    await left.close();

    const rt = runtime(true, 0, 3000);
    rt.register(threadHolder);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    const holder = rt.reader('thread-holder');
    expect(holder.get('total')).toBe(3000);
    // Built from the start, in the first-build thread again (nothing of the killed build is left).
    expect([...byThread(holder).keys()]).toHaveLength(1);
    expect(byThread(holder).get(-1)).toBeUndefined();
    expect(byThread(holder).get(threadId)).toBeUndefined();
    expect(heldRows(holder)).toEqual(await heldRowsFold(store));
  });

  it('holds the rows of a rebuild beside the live copy in memory in its thread too, and starts a stopped one again', async () => {
    const head = await append(store, 3000);
    const first = runtime();
    first.register(threadHolder);
    await first.start();
    expect(await first.waitFor(head, 20_000)).toBe(true);
    await first.rebuild('thread-holder');
    expect(first.status()).toEqual([
      expect.objectContaining({ instance: 'thread-holder.v1.g1', active: true }),
    ]);
    expect(heldRows(first.reader('thread-holder'))).toEqual(await heldRowsFold(store));
    expect(byThread(first.reader('thread-holder')).get(threadId) ?? 0).toBe(0);
    await first.stop();

    // What a rebuild killed while its thread held rows leaves: the building copy, and its scratch copy
    // with a checkpoint that says rows were held and rows without them.
    const g2 = { name: 'thread-holder', version: 1, generation: 2 };
    const main = ReadModelStorage.open(join(dir.path, 'readmodels'), 16);
    main.createInstance(g2, 'building');
    await main.close();
    const scratch = ReadModelStorage.open(join(dir.path, 'readmodels', 'building', 'thread-holder.v1.g2'), 4);
    scratch.createInstance(g2, 'building');
    scratch.transact(() => {
      scratch.readModel('thread-holder.v1.g2').putSync('total', 1234);
      scratch.readModel('thread-holder.v1.g2').putSync(['by-thread', -1], 1234);
      scratch.writeCheckpoint(g2, { position: 1234n, processed: 1234, applied: 1234 }, true);
    });
    await scratch.close();

    const second = runtime();
    second.register(threadHolder);
    await second.start();
    // The resumed build, from the log's start.
    await second.rebuild('thread-holder');
    const holder = second.reader('thread-holder');
    expect(second.status()).toEqual([
      expect.objectContaining({ instance: 'thread-holder.v1.g2', active: true, checkpoint: head }),
    ]);
    expect(holder.get('total')).toBe(3000);
    expect(byThread(holder).get(-1)).toBeUndefined();
    expect(heldRows(holder)).toEqual(await heldRowsFold(store));
  });

  it('without rebuildThreads builds on this thread as before', async () => {
    const head = await append(store, 500);
    const rt = runtime(false);
    rt.register(threadCounter);
    await rt.start();
    expect(await rt.waitFor(head, 20_000)).toBe(true);
    await rt.rebuild('thread-counter');
    expect(byThread(rt.reader('thread-counter'))).toEqual(new Map([[threadId, 500]]));
  });
});
