import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@flr/event-store';
import { openEmbeddedEventStore } from '@flr/event-store';
import { InMemoryEventStore } from '@flr/testing';
import { appendEvents, tempDir } from '../test/fixtures';
import { MemoryCopy, snapshotDue } from './memory-copy';
import { ProjectionRuntime } from './runtime';
import type { MemoryProjectionDefinition } from './types';

/** Remembers the position of every event it saw: a gap or a duplicate shows in the list. */
interface Seen {
  positions: bigint[];
}

function seenProjection(counter: { evolved: number }, version = 1): MemoryProjectionDefinition<Seen> {
  return {
    name: 'seen',
    version,
    eventTypes: ['Counted'],
    create: () => ({ positions: [] }),
    evolve(model, event: RecordedEvent) {
      counter.evolved++;
      model.positions.push(event.position);
    },
    encode: (model) => [Buffer.from(model.positions.join(','))],
    decode: (bytes) => ({ positions: bytes.length ? bytes.toString().split(',').map(BigInt) : [] }),
  };
}

async function positionsOf(store: { readAll(): AsyncIterable<RecordedEvent> }): Promise<bigint[]> {
  const out: bigint[] = [];
  for await (const e of store.readAll()) if (e.type === 'Counted') out.push(e.position);
  return out;
}

describe('in-memory projections in the runtime (snapshot at a checkpoint + catch-up)', () => {
  it('a restart loads the snapshot and applies only the events after it, none twice', async () => {
    const dir = tempDir();
    try {
      const store = new InMemoryEventStore();
      const first = { evolved: 0 };
      const runtime = new ProjectionRuntime({ store, path: dir.path, batchSize: 7 });
      runtime.registerMemory(seenProjection(first));
      await runtime.start();
      const head = await appendEvents(store, 40, { types: ['Counted', 'Ignored'] });
      expect(await runtime.waitFor(head, 10_000)).toBe(true);
      expect(runtime.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      await runtime.stop(); // writes the snapshot
      expect(existsSync(join(dir.path, 'snapshots', 'seen.v1.snapshot'))).toBe(true);

      const later = await appendEvents(store, 10, { types: ['Counted', 'Ignored'] });
      const second = { evolved: 0 };
      const restarted = new ProjectionRuntime({ store, path: dir.path, batchSize: 7 });
      restarted.registerMemory(seenProjection(second));
      await restarted.start();
      expect(await restarted.waitFor(later, 10_000)).toBe(true);
      expect(await restarted.ready(10_000)).toBe(true);
      expect(second.evolved).toBe(5); // only the 5 'Counted' events appended after the snapshot
      expect(restarted.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      const status = restarted.status().find((s) => s.name === 'seen');
      expect(status).toMatchObject({ active: true, state: 'live', checkpoint: later, eventsApplied: 25 });
      await restarted.stop();
    } finally {
      dir.cleanup();
    }
  });

  it('reads a snapshot in slices with turns of the event loop between them; stopped meanwhile, keeps the snapshot', async () => {
    const dir = tempDir();
    try {
      const store = new InMemoryEventStore();
      const runtime = new ProjectionRuntime({ store, path: dir.path });
      runtime.registerMemory(seenProjection({ evolved: 0 }));
      await runtime.start();
      const head = await appendEvents(store, 30, { types: ['Counted'] });
      expect(await runtime.waitFor(head, 10_000)).toBe(true);
      await runtime.stop();
      const snapshotFile = join(dir.path, 'snapshots', 'seen.v1.snapshot');
      const written = readFileSync(snapshotFile);

      // The same model read three positions per slice: timers run between the slices.
      const turns: string[] = [];
      const sliced = (): MemoryProjectionDefinition<Seen> => ({
        ...seenProjection({ evolved: 0 }),
        *decodeInSlices(bytes) {
          const all = bytes.toString().split(',').map(BigInt);
          const positions: bigint[] = [];
          for (let i = 0; i < all.length; i += 3) {
            positions.push(...all.slice(i, i + 3));
            turns.push('slice');
            // Each slice takes 2 ms, so the 1 ms timer is due at every turn the loop gets between them.
            for (const until = performance.now() + 2; performance.now() < until; );
            yield;
          }
          return { positions };
        },
      });
      const restarted = new ProjectionRuntime({ store, path: dir.path });
      restarted.registerMemory(sliced());
      const ticking = setInterval(() => turns.push('timer'), 0);
      try {
        await restarted.start();
        expect(await restarted.ready(10_000)).toBe(true);
      } finally {
        clearInterval(ticking);
      }
      expect(restarted.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      expect(turns.filter((t) => t === 'slice')).toHaveLength(10);
      const firstSlice = turns.indexOf('slice');
      const lastSlice = turns.lastIndexOf('slice');
      expect(turns.slice(firstSlice, lastSlice).includes('timer')).toBe(true);
      await restarted.stop();

      // Stopped in the middle of reading the snapshot: nothing half-read is kept or written over it.
      const halted = new ProjectionRuntime({ store, path: dir.path });
      halted.registerMemory(sliced());
      await halted.start();
      await halted.stop();
      expect(readFileSync(snapshotFile)).toEqual(written);
    } finally {
      dir.cleanup();
    }
  });

  it('without a clean stop, a restart replays only what followed the last snapshot: no gap, no duplicate', async () => {
    const dir = tempDir();
    try {
      const store = new InMemoryEventStore();
      const options = { store, path: dir.path, snapshots: { everyEvents: 20, minIntervalMs: 0 } };
      const runtime = new ProjectionRuntime(options);
      runtime.registerMemory(seenProjection({ evolved: 0 }));
      await runtime.start();
      // 20 events: the periodic snapshot is written once all 20 are applied, whatever the batching.
      expect(await runtime.waitFor(await appendEvents(store, 20), 10_000)).toBe(true);
      const head = await appendEvents(store, 5);
      expect(await runtime.waitFor(head, 10_000)).toBe(true);
      // The process "dies" here: no stop(), so the 5 events after the snapshot exist only in memory.
      const revived = new ProjectionRuntime(options);
      const counter = { evolved: 0 };
      revived.registerMemory(seenProjection(counter));
      await revived.start();
      expect(await revived.waitFor(head, 10_000)).toBe(true);
      expect(counter.evolved).toBe(5);
      expect(revived.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      await revived.stop();
      await runtime.stop();
    } finally {
      dir.cleanup();
    }
  });

  it('a snapshot that takes long to write is written at most once per nine times its own time', async () => {
    const dir = tempDir();
    try {
      const store = new InMemoryEventStore();
      let encoded = 0;
      const slow: MemoryProjectionDefinition<Seen> = {
        ...seenProjection({ evolved: 0 }),
        encode: (model) => {
          encoded++;
          const until = Date.now() + 100;
          while (Date.now() < until) {
            // a model that takes 100 ms to encode
          }
          return [Buffer.from(model.positions.join(','))];
        },
      };
      const runtime = new ProjectionRuntime({
        store,
        path: dir.path,
        snapshots: { everyEvents: 5, minIntervalMs: 0 },
      });
      runtime.registerMemory(slow);
      await runtime.start();
      expect(await runtime.waitFor(await appendEvents(store, 5), 10_000)).toBe(true);
      expect(encoded).toBe(1);
      // Five more events are due by count, but less than 9 x 100 ms after the last snapshot: none written.
      expect(await runtime.waitFor(await appendEvents(store, 5), 10_000)).toBe(true);
      expect(encoded).toBe(1);
      // Well past nine times the snapshot's time, even when a loaded machine stretches it (a second
      // under load measured more than 100 ms for the write and wrote nothing yet).
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await runtime.waitFor(await appendEvents(store, 5), 10_000)).toBe(true);
      expect(encoded).toBe(2);
      await runtime.stop();
    } finally {
      dir.cleanup();
    }
  });

  it('an online rebuild builds a new model beside the live one and switches once caught up', async () => {
    const dir = tempDir();
    try {
      const store = new InMemoryEventStore();
      const runtime = new ProjectionRuntime({ store, path: dir.path });
      runtime.registerMemory(seenProjection({ evolved: 0 }));
      await runtime.start();
      const head = await appendEvents(store, 20);
      expect(await runtime.waitFor(head, 10_000)).toBe(true);
      const before = runtime.memory<Seen>('seen');
      await runtime.rebuild('seen');
      const after = runtime.memory<Seen>('seen');
      expect(after).not.toBe(before);
      expect(after.positions).toEqual(before.positions);
      expect(runtime.status().filter((s) => s.name === 'seen')).toEqual([
        expect.objectContaining({ active: true, generation: 1, state: 'live' }),
      ]);
      const more = await appendEvents(store, 3);
      expect(await runtime.waitFor(more, 10_000)).toBe(true);
      expect(runtime.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      await runtime.stop();
    } finally {
      dir.cleanup();
    }
  });

  it('a name is either a stored or an in-memory projection, and unknown names are refused', async () => {
    const dir = tempDir();
    try {
      const runtime = new ProjectionRuntime({ store: new InMemoryEventStore(), path: dir.path });
      runtime.registerMemory(seenProjection({ evolved: 0 }));
      expect(() => runtime.registerMemory(seenProjection({ evolved: 0 }, 2))).toThrow(/duplicate/);
      expect(() => runtime.register({ name: 'seen', version: 1, evolve: () => undefined })).toThrow(
        /duplicate/,
      );
      expect(() => runtime.memory('nope')).toThrow(/Unknown projection nope/);
      expect(() => runtime.memory('seen')).toThrow(/not started/);
    } finally {
      dir.cleanup();
    }
  });

  it('on the embedded store the stored log is replayed in chunks, then followed live, and resumed after the snapshot', async () => {
    const dir = tempDir();
    const store = await openEmbeddedEventStore({ path: join(dir.path, 'events') });
    try {
      await appendEvents(store, 1_200, { types: ['Counted', 'Ignored'] });
      const first = { evolved: 0 };
      const runtime = new ProjectionRuntime({ store, path: join(dir.path, 'readmodels') });
      runtime.registerMemory(seenProjection(first));
      await runtime.start();
      expect(await runtime.ready(10_000)).toBe(true);
      const live = await appendEvents(store, 4);
      expect(await runtime.waitFor(live, 10_000)).toBe(true);
      expect(first.evolved).toBe(604);
      expect(runtime.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      await runtime.stop();

      const later = await appendEvents(store, 300);
      const second = { evolved: 0 };
      const restarted = new ProjectionRuntime({ store, path: join(dir.path, 'readmodels') });
      restarted.registerMemory(seenProjection(second));
      await restarted.start();
      expect(await restarted.waitFor(later, 10_000)).toBe(true);
      expect(second.evolved).toBe(300);
      expect(restarted.memory<Seen>('seen').positions).toEqual(await positionsOf(store));
      await restarted.stop();
    } finally {
      await store.close();
      dir.cleanup();
    }
  });

  it('copies starting from the same checkpoint replay the stored log through one reader, each event once', async () => {
    const dir = tempDir();
    const store = await openEmbeddedEventStore({ path: join(dir.path, 'events') });
    try {
      await appendEvents(store, 1_500, { types: ['Counted', 'Ignored'] });
      let reads = 0;
      const counting = new Proxy(store, {
        get(target, property, receiver) {
          if (property !== 'readAll') return Reflect.get(target, property, receiver);
          return (...args: Parameters<typeof store.readAll>) => {
            reads++;
            return target.readAll(...args);
          };
        },
      });
      const one = { evolved: 0 };
      const other = { evolved: 0 };
      const runtime = new ProjectionRuntime({ store: counting, path: join(dir.path, 'readmodels') });
      runtime.registerMemory(seenProjection(one));
      runtime.registerMemory({ ...seenProjection(other), name: 'seen-too' });
      await runtime.start();
      expect(await runtime.ready(10_000)).toBe(true);
      expect(reads).toBe(1);
      expect(one.evolved).toBe(750);
      expect(other.evolved).toBe(750);
      const expected = await positionsOf(store);
      expect(runtime.memory<Seen>('seen').positions).toEqual(expected);
      expect(runtime.memory<Seen>('seen-too').positions).toEqual(expected);
      await runtime.stop();
    } finally {
      await store.close();
      dir.cleanup();
    }
  });

  it('a replay held back by its pace waits, then goes on with nothing skipped; a halted copy stops waiting for it', async () => {
    const dir = tempDir();
    const store = await openEmbeddedEventStore({ path: join(dir.path, 'events') });
    try {
      await appendEvents(store, 3_000, { types: ['Counted'] });
      const hooks = { progressed: () => undefined, failed: () => undefined };
      const snapshots = { everyEvents: Number.POSITIVE_INFINITY, minIntervalMs: 0 };
      const copy = (name: string) =>
        new MemoryCopy(
          { name, version: 1, generation: 0 },
          'building',
          { ...seenProjection({ evolved: 0 }), name },
          dir.path,
          snapshots,
          hooks,
        );
      const paced = copy('paced');
      const halted = copy('halted');
      let allowed = 1_000n;
      let waits = 0;
      const pace = (position: bigint) => {
        if (position <= allowed) return undefined;
        waits++;
        return new Promise<void>((resolve) => setTimeout(resolve, 5));
      };
      MemoryCopy.startTogether([paced, halted], store, 1_000, pace);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Held after the first chunk (positions 1-1,000): the second would pass what the pace allows.
      expect(paced.checkpoint.processed).toBe(1_000);
      expect(waits).toBeGreaterThan(1);
      await halted.halt(); // returns while the replay it shared is still held back
      expect(paced.checkpoint.processed).toBe(1_000);
      allowed = 10_000n;
      for (let i = 0; i < 200 && !paced.caughtUp; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(paced.caughtUp).toBe(true);
      expect((paced.model as Seen).positions).toEqual(await positionsOf(store));
      expect(halted.checkpoint.processed).toBe(1_000);
      await paced.halt();
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});

describe('when an in-memory copy writes its snapshot', () => {
  const options = { everyEvents: 1_000, minIntervalMs: 0 };
  /** The snapshots a copy replaying `events` in batches of `step` writes, by the events it has processed. */
  function replay(events: number, step = 1_000, every = options): number[] {
    const taken: number[] = [];
    let last = 0;
    for (let processed = step; processed <= events; processed += step) {
      const caughtUp = processed === events;
      const standing = { processed, lastProcessed: last, caughtUp, sinceLastMs: 60_000, lastWriteMs: 10 };
      if (snapshotDue(standing, every)) {
        taken.push(processed);
        last = processed;
      }
    }
    return taken;
  }

  it('while replaying history, each waits until the replay has grown by half since the last', () => {
    // Every 1,000 events before (twenty snapshots of a growing model); the last on catching up.
    expect(replay(20_000)).toEqual([1_000, 2_000, 3_000, 5_000, 8_000, 12_000, 18_000, 20_000]);
    // The country's rebuild with the default options (2 M events and a minute at least): 9 instead of 31, and
    // a fifth of the bytes (their sizes grow with the events replayed).
    expect(replay(62_000_000, 1_000_000, { everyEvents: 2_000_000, minIntervalMs: 60_000 })).toHaveLength(9);
  });

  it('once live, every everyEvents, as before', () => {
    const live = {
      processed: 21_000,
      lastProcessed: 20_000,
      caughtUp: true,
      sinceLastMs: 60_000,
      lastWriteMs: 10,
    };
    expect(snapshotDue(live, options)).toBe(true);
    expect(snapshotDue({ ...live, processed: 20_999 }, options)).toBe(false);
    // Not within nine times the last snapshot's own time, nor within minIntervalMs.
    expect(snapshotDue({ ...live, lastWriteMs: 10_000 }, options)).toBe(false);
    expect(snapshotDue(live, { ...options, minIntervalMs: 120_000 })).toBe(false);
  });
});
