import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { type EmbeddedEventStore, openEmbeddedEventStoreImpl } from '@flr/event-store';
import { tempDir } from '../../test/fixtures';
import {
  poisonedThreadCounter,
  type ThreadTally,
  threadCounter,
  threadDefinitionsUrl,
  threadTally,
} from '../../test/thread-definitions';
import { ProjectionRebuildError } from '../errors';
import { ProjectionRuntime } from '../runtime';
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

/** Online rebuilds in worker threads (issue 13 item 6): the copy is built off this event loop. */
describe('rebuild threads', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: EmbeddedEventStore;
  const runtimes: ProjectionRuntime[] = [];
  const eventLog = () => join(dir.path, 'events');
  const runtime = (threads = true, minLag = 0) => {
    const created = new ProjectionRuntime({
      store,
      path: join(dir.path, 'readmodels'),
      batchSize: 500,
      ...(threads
        ? { rebuildThreads: { definitions: threadDefinitionsUrl, eventLog: eventLog(), minLag } }
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
