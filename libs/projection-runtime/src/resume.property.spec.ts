import { InMemoryEventStore } from '@flr/testing';
import fc from 'fast-check';
import { appendEvents, counter, tempDir } from '../test/fixtures';
import { ProjectionRuntime } from './runtime';
import type { ProjectionDefinition } from './types';

/** Runs `counter` until evolve has been called `stopAt` times (then stops from inside) or it is done. */
async function runUntil(store: InMemoryEventStore, path: string, batchSize: number, stopAt: number) {
  let calls = 0;
  let stopped: Promise<void> | undefined;
  let signal!: () => void;
  const stopCalled = new Promise<void>((resolve) => (signal = resolve));
  const runtime = new ProjectionRuntime({ store, path, batchSize });
  const base = counter();
  const stopping: ProjectionDefinition = {
    ...base,
    evolve(tx, event) {
      if (++calls === stopAt) {
        stopped = runtime.stop();
        signal();
      }
      base.evolve(tx, event);
    },
  };
  runtime.register(stopping);
  await runtime.start();
  await Promise.race([stopCalled, runtime.waitFor(await store.headPosition(), 5000)]);
  await (stopped ?? runtime.stop());
}

describe('ProjectionRuntime resume (property)', () => {
  it('counts every event exactly once, whatever the batch size and wherever it is stopped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 3 }),
        async (batchSize, stops) => {
          const dir = tempDir();
          try {
            const store = new InMemoryEventStore();
            const head = await appendEvents(store, 120);
            // Each run stops in the middle of a batch; the batch in progress still commits whole.
            for (const stop of stops) await runUntil(store, dir.path, batchSize, stop);
            const runtime = new ProjectionRuntime({ store, path: dir.path, batchSize });
            runtime.register(counter());
            await runtime.start();
            expect(await runtime.waitFor(head, 5000)).toBe(true);
            const reader = runtime.reader('counter');
            expect(reader.get('total')).toBe(120);
            expect([...reader.range({ start: ['seen'], end: ['seen', '~'] })]).toHaveLength(120);
            await runtime.stop();
          } finally {
            dir.cleanup();
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
