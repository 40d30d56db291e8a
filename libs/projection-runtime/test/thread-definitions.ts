/**
 * Definitions for the rebuild-thread specs, imported by the runtime's worker threads by URL (as
 * @flr/projections is in the server). Each records which thread applied each event, so a spec can
 * tell where the work ran; `evolve` stays deterministic per thread.
 */
import { getPriority } from 'node:os';
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

/** The nice value of the thread applying each event (Linux: the calling thread's), by thread id. */
export const threadNiceness: ProjectionDefinition = {
  name: 'thread-niceness',
  version: 1,
  evolve(tx) {
    tx.put(['nice', threadId], getPriority());
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

/** The specs' held-row store: copies in a Map, read back in key order. */
export class MapRowStore {
  readonly rows = new Map<string, Uint8Array>();
  get size(): number {
    return this.rows.size;
  }
  get(id: string): Uint8Array | undefined {
    return this.rows.get(id);
  }
  set(id: string, bytes: Uint8Array): void {
    this.rows.set(id, bytes.slice());
  }
  delete(id: string): void {
    this.rows.delete(id);
  }
  entries(): Iterable<[string, Uint8Array]> {
    return [...this.rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Rows a first build holds in memory: `['row', id]` per stream and position modulo 7, each its count as 4 bytes. */
export const heldRowKey = (stream: string, position: bigint): [string, string] => [
  'row',
  `${stream}/${position % 7n}`,
];

/**
 * Counts events per held row (holdInFirstBuild, prefix 'row'), the total, and the applying thread;
 * refuses 'Poison'. Every seventh event of a stream also removes its row, so removals are held too.
 */
export const threadHolder: ProjectionDefinition = {
  name: 'thread-holder',
  version: 1,
  holdInFirstBuild: { prefix: 'row', create: () => new MapRowStore() },
  evolve(tx, event) {
    const key = heldRowKey(event.stream, event.position);
    const before = tx.get<Uint8Array>(key);
    const count = before
      ? Buffer.from(before.buffer, before.byteOffset, before.byteLength).readUInt32LE(0)
      : 0;
    tx.put('total', (tx.get<number>('total') ?? 0) + 1);
    tx.put(['by-thread', threadId], (tx.get<number>(['by-thread', threadId]) ?? 0) + 1);
    if (event.type === 'Poison') throw new Error(`cannot hold poison at ${event.position}`);
    if (count === 6) tx.remove(key);
    else {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(count + 1);
      tx.put(key, bytes);
    }
  },
};

/** Rows a first build holds as objects: `['obj', stream, position modulo 7]`, each its count and last position. */
export const heldObjectKey = (stream: string, position: bigint): [string, string, string] => [
  'obj',
  stream,
  String(position % 7n),
];

export interface HeldObject {
  count: number;
  last: string;
}

/**
 * Counts events per row held as an object (holdInFirstBuild by prefixes), the total, and the applying
 * thread; refuses 'Poison'. Every fifth event of a row removes it, so removals are held too.
 */
export const threadObjectHolder: ProjectionDefinition = {
  name: 'thread-object-holder',
  version: 1,
  writeBack: true,
  holdInFirstBuild: { prefixes: ['obj'] },
  evolve(tx, event) {
    const key = heldObjectKey(event.stream, event.position);
    const before = tx.get<HeldObject>(key);
    tx.put('total', (tx.get<number>('total') ?? 0) + 1);
    tx.put(['by-thread', threadId], (tx.get<number>(['by-thread', threadId]) ?? 0) + 1);
    if (event.type === 'Poison') throw new Error(`cannot hold poison at ${event.position}`);
    const count = (before?.count ?? 0) + 1;
    if (count === 5) tx.remove(key);
    else tx.put(key, { count, last: event.position.toString() } satisfies HeldObject);
  },
};
