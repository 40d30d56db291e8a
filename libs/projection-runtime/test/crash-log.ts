import type { EventStore } from '@flr/event-store';
import type { ProjectionDefinition } from '../src';

/** The same log in the parent and in the child of crash.spec.ts (the in-memory store is per process). */
export async function appendDeterministicLog(store: EventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const events = Array.from({ length: Math.min(100, count - i) }, (_, j) => ({
      id: `00000000-0000-4000-8000-${(i + j).toString().padStart(12, '0')}`,
      type: 'Counted',
      data: { i: i + j },
    }));
    await store.appendToStream(`person-${i % 7}`, events);
  }
}

/** A counter whose evolve burns a little CPU, so the parent can kill it in the middle. */
export function slowCounter(signalAt = 0, signal: () => void = () => undefined): ProjectionDefinition {
  let seen = 0;
  return {
    name: 'counter',
    version: 1,
    evolve(tx, event) {
      if (++seen === signalAt) signal();
      const deadline = performance.now() + 0.01;
      while (performance.now() < deadline);
      tx.put('total', (tx.get<number>('total') ?? 0) + 1);
      tx.put(['seen', event.position.toString()], 1);
    },
  };
}
