/**
 * Definitions for the rebuild-thread specs, imported by the runtime's worker threads by URL (as
 * @flr/projections is in the server). Each records which thread applied each event, so a spec can
 * tell where the work ran; `evolve` stays deterministic per thread.
 */
import { threadId } from 'node:worker_threads';
import type { MemoryProjectionDefinition, ProjectionDefinition } from '../src';

export const threadCounter: ProjectionDefinition = {
  name: 'thread-counter',
  version: 1,
  evolve(tx, event) {
    tx.put('total', (tx.get<number>('total') ?? 0) + 1);
    tx.put(['by-thread', threadId], (tx.get<number>(['by-thread', threadId]) ?? 0) + 1);
    tx.put(['seen', event.position.toString()], event.type);
  },
};

/** Version 2 refuses 'Poison' events: a failing build beside a live version 1. */
export const poisonedThreadCounter: ProjectionDefinition = {
  ...threadCounter,
  version: 2,
  evolve(tx, event) {
    if (event.type === 'Poison') throw new Error(`cannot count poison at ${event.position}`);
    threadCounter.evolve(tx, event);
  },
};

/** A second document projection (an empty folder's first build groups it with thread-counter); refuses 'Poison'. */
export const threadTypes: ProjectionDefinition = {
  name: 'thread-types',
  version: 1,
  evolve(tx, event) {
    if (event.type === 'Poison') throw new Error(`cannot type poison at ${event.position}`);
    tx.put(['type', event.type], (tx.get<number>(['type', event.type]) ?? 0) + 1);
    tx.put(['by-thread', threadId], (tx.get<number>(['by-thread', threadId]) ?? 0) + 1);
  },
};

/** The events each transaction applied (a transaction is one `tx` object): the largest under ['largest']. */
const appliedIn = new WeakMap<object, number>();
export const threadBatches: ProjectionDefinition = {
  name: 'thread-batches',
  version: 1,
  evolve(tx, event) {
    const applied = (appliedIn.get(tx) ?? 0) + 1;
    appliedIn.set(tx, applied);
    if (applied > (tx.get<number>('largest') ?? 0)) tx.put('largest', applied);
    tx.put('last', event.position.toString());
  },
};

export interface ThreadTally {
  total: number;
  last: string | null;
  byThread: Record<string, number>;
}

export const threadTally: MemoryProjectionDefinition<ThreadTally> = {
  name: 'thread-tally',
  version: 1,
  create: () => ({ total: 0, last: null, byThread: {} }),
  evolve(model, event) {
    model.total += 1;
    model.last = event.position.toString();
    model.byThread[threadId] = (model.byThread[threadId] ?? 0) + 1;
  },
  encode: (model) => [Buffer.from(JSON.stringify(model))],
  decode: (bytes) => JSON.parse(bytes.toString('utf8')) as ThreadTally,
};

/** Where the specs point `rebuildThreads.definitions`. */
export const threadDefinitionsUrl = import.meta.url;
