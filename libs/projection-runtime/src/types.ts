import type { EventStore, Position, RecordedEvent } from '@flr/event-store';

/** lmdb ordered-binary keys: ordered by type, then value; arrays compare element by element. */
export type Key = string | number | (string | number)[];

export interface RangeOptions {
  readonly start?: Key;
  readonly end?: Key;
  readonly limit?: number;
  readonly reverse?: boolean;
}

/** Synchronous reads of one read model (used by queries). */
export interface ReadModelReader {
  get<T = unknown>(key: Key): T | undefined;
  range<T = unknown>(opts: RangeOptions): Iterable<{ key: Key; value: T }>;
  /**
   * Optional: a number that changes whenever what this reader reads may have changed (a write
   * committed, a switch to another copy), so a caller may keep what it decoded while it stays the same.
   */
  stamp?(): number;
}

/** Writes inside the batch transaction; reads see the batch's own earlier writes. */
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
  /** e.g. 'waiting-lists': lower-case words joined by '-'. */
  readonly name: string;
  /** A positive integer; bump it to rebuild beside the old version. */
  readonly version: number;
  /** Only these types reach `evolve`; the others still advance the checkpoint. */
  readonly eventTypes?: readonly string[];
  /**
   * The transaction keeps each row `evolve` reads or writes as the object it handed out or was given,
   * and writes the changed rows once, at the end of the batch (a person's rows read and written by two
   * events of one batch cost one read and one write). Only for an `evolve` that puts every object it
   * changes, and changes no object after putting it without putting it again (both true of a
   * serialising store's copies anyway); `range` writes the held rows first.
   */
  readonly writeBack?: boolean;
  /**
   * What building a copy from the whole log costs beside the other definitions (default 1): first
   * copies are dealt to threads so each thread's sum is about even (`firstBuildThreads`).
   */
  readonly rebuildWeight?: number;
  /**
   * Rows that a build from the log's start in a thread (an empty folder's first build, or a rebuild
   * beside the live copy) holds in the thread's memory instead of reading and rewriting them in the
   * read model batch after batch; they are written once, in key order, when the build has read the
   * whole log. For rows spread over every page of a B-tree larger than the page cache leaves room
   * for, touched by most batches: each batch rewrote a page per row it touched. While rows are held
   * the copy's checkpoint says so; a copy found that way after a crash is cleared and built again from
   * the start (its rows were in memory only). `evolve` may not `range` over held keys. Either
   * - `{ prefix, create }`: rows under `[prefix, id]` as bytes (`put` takes a Uint8Array, which is
   *   copied), in the compact store `create` makes (one row per person at national size), or
   * - `{ prefixes }`: rows whose key begins with one of them, any number of parts, as the objects
   *   `evolve` puts (with `writeBack` only: held objects are frozen, never copied), or
   * - a list of these (no prefix in two).
   */
  readonly holdInFirstBuild?: HeldBytes | HeldObjects | readonly (HeldBytes | HeldObjects)[];
  /** Pure with respect to the tx: no I/O, no clock, no randomness (it may be re-run after an abort). */
  evolve(tx: ReadModelTx, event: RecordedEvent): void;
}

/** Rows under `[prefix, id]` held as bytes during a first build. */
export interface HeldBytes {
  readonly prefix: string;
  create(): HeldRowStore;
}

/** Rows under any of `prefixes` held as objects during a first build. */
export interface HeldObjects {
  readonly prefixes: readonly string[];
}

/** Rows of bytes by id held in memory during a first build (ProjectionDefinition.holdInFirstBuild). */
export interface HeldRowStore {
  readonly size: number;
  /** The row's bytes, valid until the row is next set or deleted. */
  get(id: string): Uint8Array | undefined;
  /** Copies `bytes` in. */
  set(id: string, bytes: Uint8Array): void;
  delete(id: string): void;
  /** Every row, preferably in key order; nothing is set while they are read. */
  entries(): Iterable<[string, Uint8Array]>;
}

export interface ProjectionRuntimeOptions {
  readonly store: EventStore;
  /** Folder of the read-model LMDB environment (created when missing). */
  readonly path: string;
  /** Most events per transaction (default 5000). */
  readonly batchSize?: number;
  /** Most named read-model databases (default 256). */
  readonly maxDbs?: number;
  /** When in-memory projections write their snapshots (folder: `<path>/snapshots`). */
  readonly snapshots?: MemorySnapshotOptions;
  /**
   * Builds rebuilt and new-version copies in worker threads, off this event loop (issue 13: an
   * online rebuild froze the server). Without it copies are built on this event loop.
   */
  readonly rebuildThreads?: RebuildThreadOptions;
}

export interface RebuildThreadOptions {
  /**
   * URL of a module whose exports hold every registered definition (single ones or arrays, e.g.
   * `@flr/projections`' `projectionsModuleUrl`): a thread cannot receive functions, it imports them.
   */
  readonly definitions: string;
  /**
   * Folder of the embedded event store the runtime reads, or of a local replica of the log (the
   * thread opens it for reading; the runtime's own store serves the catch-up after the thread).
   */
  readonly eventLog: string;
  /**
   * A thread's write transaction on the read-model environment that takes longer than this makes the
   * next ones smaller (default 20 ms): this thread's live copies wait for that write lock.
   */
  readonly transactionBudgetMs?: number;
  /**
   * Nice value of each rebuild thread on Linux (default 10, 0 leaves it at the process's): the
   * scheduler then runs this event loop first and the rebuild on the CPU left over.
   */
  readonly niceness?: number;
  /**
   * Nice value of the first-build threads (`firstBuildThreads`; default 0, the process's). A first
   * build on an empty folder is what its copies wait for, none of them serving meanwhile, and the
   * in-memory models this event loop replays beside it are held to its pace: at nice 10 the country's
   * build thread spent 309 s of a 1,363 s rebuild waiting for a core behind that replay and the
   * collector's threads (at 0, measured with a larger young generation, 282 s of 1,316 s: the two
   * cores are the limit, not the order).
   */
  readonly firstBuildNiceness?: number;
  /**
   * Only a copy at least this many positions behind the head builds in a thread (default 20,000);
   * a shorter build runs on this event loop, where it is brief and a thread's start (loading the
   * definitions' modules, about a second) would cost more than it saves. 0: always in a thread.
   */
  readonly minLag?: number;
  /**
   * An empty read-model folder on a log of at least this many positions (default 1,000,000): the
   * first copies of the document projections build in threads (`firstBuildThreads`), each reading the
   * log once and writing its copies' rows as it goes, while this event loop catches up the in-memory
   * models and serves. Reads of those copies see what the thread has
   * committed, as reads of a copy catching up here see what it has reached.
   */
  readonly firstBuildMinLag?: number;
  /**
   * Threads those first copies are dealt to (default: the machine's cores but one, at least one:
   * `os.availableParallelism() - 1`, the one left to this event loop); each reads the log once. The
   * heaviest copies (`rebuildWeight`) are dealt first, each to the thread with the least weight so far
   * (ties: registration order, the lower thread).
   */
  readonly firstBuildThreads?: number;
  /**
   * Events per transaction of those first builds (default 50,000, never fewer than the runtime's
   * `batchSize`): each transaction writes its changed pages and syncs once, and a first build at the
   * country's size rewrites random pages of a multi-gigabyte read model, so larger transactions write
   * and sync less. A reader of a copy being built sees it advance a transaction at a time.
   */
  readonly firstBuildBatchSize?: number;
  /**
   * How far (in log positions) the in-memory models' replay may run ahead of those first builds while
   * they run (default 4,000,000): both read the same log, and kept this close the pages one reads are
   * still in the page cache when the other reads them. Measured against what the threads have
   * committed, rows they hold in memory included (a copy holding rows reaches no position for
   * readers until its end, but its thread has read that far).
   */
  readonly firstBuildWindow?: number;
}

/**
 * - `catching-up`: the active copy is replaying history.
 * - `live`: the active copy has caught up and follows new events.
 * - `rebuilding`: a new copy (new version or rebuild) is built beside the active one.
 * - `failed`: `evolve` threw; the copy stopped at the event before the failing one.
 * - `stopped`: not running (runtime stopped, or an active copy whose definition is no longer registered).
 */
export type ProjectionState = 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionFailure {
  /** Position of the event whose `evolve` threw (not applied); null when the subscription failed. */
  readonly position: Position | null;
  readonly eventType: string | null;
  readonly message: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** 0 for the first copy of a version, +1 for each rebuild. */
  readonly generation: number;
  /** The copy's database name, e.g. 'directory.v1' or 'directory.v1.g1'. */
  readonly instance: string;
  readonly active: boolean;
  readonly state: ProjectionState;
  /** Position of the last event committed, or null before the first one. */
  readonly checkpoint: Position | null;
  /** Last known head of the log. */
  readonly head: Position;
  /** head - checkpoint in position units (positions may have gaps: not an event count). */
  readonly lag: bigint;
  /** checkpoint / head in [0, 1] (1 on an empty log). */
  readonly progress: number;
  /** Events passed to `evolve` (of the declared types). */
  readonly eventsApplied: number;
  /** Events the checkpoint has moved past (all types). */
  readonly eventsProcessed: number;
  readonly error?: ProjectionFailure;
}

/**
 * A projection whose read model lives in memory in compact structures (DESIGN §3.5): the same
 * `evolve` applies rebuilds, catch-up and live events; durability is a snapshot of the model at a
 * checkpoint position, written now and then and on stop, so a restart catches up from the snapshot
 * and never replays the whole log.
 */
export interface MemoryProjectionDefinition<M = unknown> {
  readonly name: string;
  readonly version: number;
  readonly eventTypes?: readonly string[];
  create(): M;
  /** Pure with respect to the model: no I/O, no clock, no randomness. */
  evolve(model: M, event: RecordedEvent): void;
  /** The model's bytes (any number of parts, written one after the other). */
  encode(model: M): Buffer[];
  decode(bytes: Buffer): M;
  /**
   * Optional: `decode` in slices, yielding between them, for a model whose snapshot takes long to
   * read (the runtime gives the event loop a turn at each yield, so a start from a large snapshot does
   * not hold up commands and queries). Returns the same model `decode` would.
   */
  decodeInSlices?(bytes: Buffer): Generator<void, M, void>;
}

export interface MemorySnapshotOptions {
  /** Write a snapshot once this many events were processed since the last (default 2,000,000)... */
  readonly everyEvents?: number;
  /**
   * ...and at least this long after it (default 60 s), and at least nine times the last snapshot's
   * own writing time after it (SNAPSHOT_PAUSE_FACTOR); always on stop and after a rebuild.
   */
  readonly minIntervalMs?: number;
}
