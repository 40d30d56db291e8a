import type { RecordedEvent } from '@flr/event-store';

/**
 * The read-model contract of the projection runtime (contracts.md §B), restated structurally so the
 * pure projections compile and test without the runtime: any runtime object with these members fits.
 */
export type Key = string | number | (string | number)[];

export interface ReadModelReader {
  get<T = unknown>(key: Key): T | undefined;
  range<T = unknown>(opts: {
    start?: Key;
    end?: Key;
    limit?: number;
    reverse?: boolean;
  }): Iterable<{ key: Key; value: T }>;
  /**
   * Optional: a number that changes whenever what this reader reads may have changed (a write
   * committed, a switch to another copy), so a caller may keep what it decoded while it stays the same.
   */
  stamp?(): number;
}

export interface ReadModelTx extends ReadModelReader {
  put(key: Key, value: unknown): void;
  /**
   * Puts under a key after every key the read model holds (a log-ordered row: a public event at its
   * position); throws when it is not. The store then fills its pages in order instead of splitting them.
   * The value is serialised at the call: a later change to the object is not stored.
   */
  append(key: Key, value: unknown): void;
  remove(key: Key): void;
}

export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
  readonly eventTypes?: readonly string[];
  /** The runtime holds rows read and written in a batch and writes them at its end (see the runtime's contract). */
  readonly writeBack?: boolean;
  /** What a build from the whole log costs beside the others (default 1): first builds are dealt to threads by it. */
  readonly rebuildWeight?: number;
  /**
   * Rows a first build holds in memory and writes at its end (see the runtime's contract): under
   * `[prefix, id]` as bytes in the store `create` makes, or under any of `prefixes` as objects; or a
   * list of these.
   */
  readonly holdInFirstBuild?: HeldRows | readonly HeldRows[];
  evolve(tx: ReadModelTx, event: RecordedEvent): void;
}

/** Rows a first build holds (the runtime's HeldBytes and HeldObjects, restated). */
export type HeldRows =
  | { readonly prefix: string; create(): HeldRowStore }
  | { readonly prefixes: readonly string[] };

/** Rows of bytes by id a first build holds in memory (the runtime's HeldRowStore, restated). */
export interface HeldRowStore {
  readonly size: number;
  get(id: string): Uint8Array | undefined;
  set(id: string, bytes: Uint8Array): void;
  delete(id: string): void;
  entries(): Iterable<[string, Uint8Array]>;
}

/** The highest string any of our key parts can hold: dates, ids and nins are ASCII. */
export const HIGH = '\uffff';

/** An in-memory projection (compact model + snapshots), restated from the runtime's contract. */
export interface MemoryProjectionDefinition<M> {
  readonly name: string;
  readonly version: number;
  readonly eventTypes?: readonly string[];
  create(): M;
  evolve(model: M, event: RecordedEvent): void;
  encode(model: M): Buffer[];
  decode(bytes: Buffer): M;
  /** `decode` in slices, yielding between them (a large snapshot read without holding up the loop). */
  decodeInSlices?(bytes: Buffer): Generator<void, M, void>;
}
