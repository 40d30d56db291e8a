import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Events the read-ahead thread keeps read ahead of the reader (about 0.5 GB of log at national size). */
export const READ_AHEAD_EVENTS = 1_000_000;
/** Events a forward read must have ahead of it before a thread is worth starting. */
export const READ_AHEAD_MIN_EVENTS = 2_000_000;
/** The reader reports its position every this many events at most (a quarter of the window at least). */
const REPORT_EVERY = 16_384;
/** A thread that hears nothing of its reader for this long ends (a reader dropped without closing it). */
const IDLE_EXIT_MS = 30_000;

const LMDB_ENTRY = createRequire(import.meta.url).resolve('lmdb');

/**
 * The thread's code: plain JavaScript run with `eval`, so it is the same under the TypeScript sources
 * (jest) and the built server; it loads nothing of ours, only lmdb, and sits in a block (no globals). It
 * walks the log's positions ahead of the reader and reads each value into one reused buffer (which brings
 * the log's leaf and overflow pages into the page cache; no object per event, where a copy of each value
 * cost about 3.7 µs of this thread's CPU and the collector's, 0.6 µs so), never more than `window` events
 * ahead of the position the reader reports in `shared[0]`; `shared[1]` = 1 asks it to stop; it posts in
 * `shared[2]` the position it has read up to (exclusive). It ends at the log's head. It opens the
 * environment as the store does (lmdb-js shares one per process) and never writes.
 */
const THREAD = `{
const { workerData } = require('node:worker_threads');
const { open } = require(workerData.lmdb);
const { path, from, window: windowEvents, idleExitMs } = workerData;
const shared = new Float64Array(workerData.shared);
const wait = new Int32Array(new SharedArrayBuffer(4));
const env = open({ path, maxDbs: 8, noMemInit: true, overlappingSync: false, noSubdir: false });
const log = env.openDB({ name: 'log', encoding: 'binary' });
let cursor = from;
let lastMove = Date.now();
let lastReported = shared[0];
let touched = 0;
try {
  for (;;) {
    if (shared[1] === 1) break;
    if (shared[0] !== lastReported) { lastReported = shared[0]; lastMove = Date.now(); }
    const limit = shared[0] + windowEvents;
    if (cursor >= limit) {
      if (Date.now() - lastMove > idleExitMs) break;
      Atomics.wait(wait, 0, 0, 20);
      continue;
    }
    const end = Math.min(limit, cursor + 4096);
    let atHead = false;
    for (; cursor < end; cursor++) {
      const value = log.getBinaryFast(cursor);
      if (value === undefined) { atHead = true; break; }
      touched += value.length === 0 ? 0 : value[value.length - 1];
    }
    // No event loop turns here to end lmdb-js's read transaction: ended after each chunk, so the thread
    // never holds an old snapshot of the environment (whose freed pages a writer could not reuse).
    log.resetReadTxn();
    shared[2] = cursor;
    if (atHead) break;
  }
} finally {
  env.close();
}
}`;

/**
 * Reads the embedded log ahead of a long forward read in a thread of its own, so the disk reads of
 * the log's pages overlap the reader's work instead of stopping it at each page fault. At the
 * country's size the log (~36 GB) does not stay in the page cache, and a rebuild of the link index
 * spent about a third of its time in the faults of the log's mapped pages. The thread only reads:
 * what the reader gets is unchanged.
 */
export class LogReadAhead {
  private readonly shared = new Float64Array(new SharedArrayBuffer(24));
  private readonly worker: Worker;
  private readonly reportEvery: number;
  private lastReport = 0;
  private closed = false;
  /** Settles with the thread's exit code once it has ended (closed, at the head, or idle). */
  readonly exited: Promise<number>;

  constructor(path: string, from: number, window = READ_AHEAD_EVENTS) {
    this.shared[0] = from;
    this.shared[2] = from;
    this.worker = new Worker(THREAD, {
      eval: true,
      workerData: {
        lmdb: LMDB_ENTRY,
        path,
        from,
        window,
        idleExitMs: IDLE_EXIT_MS,
        shared: this.shared.buffer,
      },
      name: 'log read-ahead',
    });
    // Never keeps the process alive; a failing thread only loses the read-ahead, never the read.
    this.worker.unref();
    this.worker.on('error', (error) =>
      process.emitWarning(`the log read-ahead thread failed (${error.message}); the read goes on without it`),
    );
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.reportEvery = Math.max(1, Math.min(REPORT_EVERY, Math.floor(window / 4)));
    this.lastReport = from;
  }

  /** The position the thread has read up to (exclusive): the next it reads. */
  get readUpTo(): number {
    return this.shared[2]!;
  }

  /** The reader has read up to `position`. */
  reached(position: number): void {
    if (position - this.lastReport < this.reportEvery) return;
    this.lastReport = position;
    this.shared[0] = position;
  }

  /** Stops the thread (idempotent); the read itself is unaffected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shared[1] = 1;
  }
}
