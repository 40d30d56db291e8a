import { Worker } from 'node:worker_threads';
import type { Position } from '@flr/event-store';
import type { Checkpoint } from '../storage';
import type { ProjectionFailure } from '../types';
import type { JobSpec, ThreadMessage, WireCheckpoint } from './protocol';

/** Where the thread's code is: the built .js beside this file, or the TypeScript source under jest. */
const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './rebuild-thread.ts' : './rebuild-thread.js', import.meta.url);
const SOURCE_EXEC_ARGV = ['--import', new URL('./source-register.mjs', import.meta.url).href];

/** Default nice value of a rebuild thread (RebuildThreadOptions.niceness). */
export const REBUILD_NICENESS = 10;

/** Default nice value of a first-build thread (RebuildThreadOptions.firstBuildNiceness). */
export const FIRST_BUILD_NICENESS = 0;

/**
 * A rebuild thread's young generation (MB; four times V8's default of 48 here): a build's batch holds
 * its objects until its commit, and in a young generation too small for them they were promoted and
 * left for the old generation's collections (15 % of the first-build thread's time at 300k persons,
 * 12 % with this, one profile each).
 */
export const REBUILD_YOUNG_GENERATION_MB = 192;

/** Default RebuildThreadOptions.minLag. */
export const REBUILD_THREAD_MIN_LAG = 20_000n;

/** Whether a copy at `from` builds in a thread (RebuildThreadOptions.minLag). */
export function worthAThread(minLag: number | undefined, head: Position, from: Position | null): boolean {
  const least = minLag === undefined ? REBUILD_THREAD_MIN_LAG : BigInt(minLag);
  return head - (from ?? 0n) >= least;
}

export function fromWire(checkpoint: WireCheckpoint): Checkpoint {
  return {
    position: checkpoint.position === null ? null : BigInt(checkpoint.position),
    processed: checkpoint.processed,
    applied: checkpoint.applied,
  };
}

export type ThreadOutcome =
  | {
      readonly kind: 'done';
      readonly checkpoint: Checkpoint;
      readonly threadId: number;
      /** A first-build group's failed copies, by instance id. */
      readonly failures: ReadonlyMap<string, ProjectionFailure>;
    }
  | { readonly kind: 'failed'; readonly checkpoint: Checkpoint | null; readonly failure: ProjectionFailure }
  | { readonly kind: 'stopped' };

/**
 * One copy built in a worker thread (thread/rebuild-thread.ts). `outcome` settles once the thread
 * has exited: done (with the checkpoint it reached), failed (evolve threw, or the thread could not
 * start), or stopped (`stop()` asked it to end between two transactions).
 */
export class ThreadBuild {
  readonly outcome: Promise<ThreadOutcome>;
  private readonly stopFlag: Int32Array;
  private readonly worker: Worker;

  constructor(job: JobSpec, onProgress: (checkpoint: Checkpoint) => void) {
    const stop = new SharedArrayBuffer(4);
    this.stopFlag = new Int32Array(stop);
    this.worker = new Worker(ENTRY, {
      workerData: { ...job, stop },
      // The old generation's limit stays the process's (--max-old-space-size applies to threads too).
      resourceLimits: { maxYoungGenerationSizeMb: REBUILD_YOUNG_GENERATION_MB },
      // Built code inherits the process's flags; sources add the TypeScript hooks.
      ...(fromSource ? { execArgv: SOURCE_EXEC_ARGV } : {}),
      name: `rebuild ${job.ref.name}.v${job.ref.version}`,
    });
    this.outcome = new Promise<ThreadOutcome>((resolve) => {
      let last: ThreadOutcome | undefined;
      this.worker.on('message', (message: ThreadMessage) => {
        if (message.kind === 'progress') onProgress(fromWire(message.checkpoint));
        else if (message.kind === 'done')
          last = {
            kind: 'done',
            checkpoint: fromWire(message.checkpoint),
            threadId: message.threadId,
            failures: new Map(
              (message.failures ?? []).map(({ instance, position, eventType, message: text }) => [
                instance,
                {
                  position: position === null ? null : (BigInt(position) as Position),
                  eventType,
                  message: text,
                },
              ]),
            ),
          };
        else if (message.kind === 'stopped') last = { kind: 'stopped' };
        else
          last = {
            kind: 'failed',
            checkpoint: message.checkpoint && fromWire(message.checkpoint),
            failure: {
              position: message.position === null ? null : (BigInt(message.position) as Position),
              eventType: message.eventType,
              message: message.message,
            },
          };
      });
      const failure = (message: string): ThreadOutcome => ({
        kind: 'failed',
        checkpoint: null,
        failure: { position: null, eventType: null, message },
      });
      this.worker.on('error', (error) => {
        last ??= failure(`the rebuild thread failed: ${error.message}`);
      });
      this.worker.on('exit', (code) => {
        if (Atomics.load(this.stopFlag, 0) !== 0 && last?.kind !== 'done') last = { kind: 'stopped' };
        resolve(last ?? failure(`the rebuild thread exited (code ${code}) without an answer`));
      });
    });
  }

  /** Asks the thread to end after its current transaction (never inside one); resolves once it exited. */
  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    await this.outcome;
  }
}
