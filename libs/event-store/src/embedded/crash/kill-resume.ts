import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { openEmbeddedEventStoreImpl } from '../embedded-event-store';
import { verifyEventLog } from '../log-verify';
import { type ImportInputOptions, importInput } from './import-input';

export interface KillResumeOptions extends ImportInputOptions {
  /** The compiled bulk-import-until-killed.js. */
  readonly script: string;
  readonly dataDir: string;
  readonly batchSize: number;
  /** The import's `indexMergeEvery`: events whose stream index entries are held back between merges. */
  readonly indexMergeEvery: number;
  /** SIGKILLs before the run that is left to finish. */
  readonly kills: number;
  /** Uniform in [0, 1): where each kill lands. */
  readonly random: () => number;
}

export interface KillTrial {
  /** Events the killed child had reported committed. */
  readonly acknowledged: number;
  /** Events in the log after the kill. */
  readonly logged: number;
  /** Whether the child finished before the kill landed. */
  readonly finished: boolean;
}

export interface KillResumeReport {
  readonly trials: readonly KillTrial[];
  /** Every way the log differed from the input (empty: nothing lost, nothing duplicated). */
  readonly problems: readonly string[];
}

/**
 * Kills a bulk import with SIGKILL at random points, restarts it on the same input each time, lets the
 * last run finish, and compares the log with the input after every kill and at the end: the log must
 * be whole batches of the input, in order, holding every event the dead child acknowledged, and at the
 * end exactly the input (no event lost, none written twice, stream revisions without gaps), and the
 * stream index, once the next writer has merged what the killed one held back, must point every
 * (stream, revision) at its position.
 */
export async function killAndResume(options: KillResumeOptions): Promise<KillResumeReport> {
  const trials: KillTrial[] = [];
  const problems: string[] = [];
  let logged = 0;
  for (let k = 0; k < options.kills; k++) {
    // Past what the log holds, then 0-2 batches further (the first kill 1-2, so at least one lands after a
    // commit however fast the machine starts the child) and a few milliseconds into the next one.
    const batches = k === 0 ? 1 + Math.floor(options.random() * 2) : Math.floor(options.random() * 3);
    const target = logged + batches * options.batchSize;
    const delayMs = Math.floor(options.random() * 25);
    const run = await runUntil(options, target, delayMs);
    logged = await verifyLog(options, `after kill ${k + 1}`, problems, false);
    if (logged < run.acknowledged) {
      problems.push(`after kill ${k + 1}: ${run.acknowledged} events acknowledged, ${logged} in the log`);
    }
    trials.push({ acknowledged: run.acknowledged, logged, finished: run.finished });
  }
  const last = await runUntil(options, Number.POSITIVE_INFINITY, 0);
  if (!last.finished) problems.push('the last run did not finish');
  await verifyLog(options, 'at the end', problems, true);
  return { trials, problems };
}

/** Runs the child until it has acknowledged `target` events (then waits `delayMs` and kills it) or ends. */
function runUntil(
  options: KillResumeOptions,
  target: number,
  delayMs: number,
): Promise<{ acknowledged: number; finished: boolean }> {
  const { script, dataDir, events, streams, batchSize, orderedIds, indexMergeEvery } = options;
  const args = [script, dataDir, String(events), String(streams), String(batchSize), String(indexMergeEvery)];
  const child = spawn(process.execPath, [...args, orderedIds ? 'ordered' : 'scattered'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let acknowledged = 0;
  let finished = false;
  let killing = false;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (finished || signal === 'SIGKILL') resolve({ acknowledged, finished });
      else reject(new Error(`bulk import child exited with ${code ?? signal}`));
    });
    const killAfter = () => {
      if (killing) return;
      killing = true;
      setTimeout(() => kill(child), delayMs);
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, count] = line.split(' ');
      if (word === 'ready' && target <= 0) killAfter();
      if (word === 'committed' && !killing) {
        acknowledged = Number(count);
        if (acknowledged >= target) killAfter();
      }
      if (word === 'done') finished = true;
    });
  });
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Compares the log with the input, streaming both (nothing collected); returns the log's length. */
async function verifyLog(
  options: KillResumeOptions,
  when: string,
  problems: string[],
  complete: boolean,
): Promise<number> {
  const store = await openEmbeddedEventStoreImpl({ path: options.dataDir });
  const before = problems.length;
  const expected = importInput(options)[Symbol.iterator]();
  const revisions = new Map<string, bigint>();
  let length = 0;
  try {
    for (const event of store.readAll()) {
      length++;
      const input = expected.next();
      if (input.done || input.value.id !== event.id || input.value.stream !== event.stream) {
        problems.push(
          `${when}: log position ${event.position} holds ${event.id}, not the input's event ${length}`,
        );
        break;
      }
      const revision = revisions.get(event.stream) ?? 0n;
      if (event.revision !== revision) {
        problems.push(`${when}: ${event.stream} has revision ${event.revision} where ${revision} was due`);
        break;
      }
      revisions.set(event.stream, revision + 1n);
    }
  } finally {
    await store.close();
  }
  if (problems.length > before) return length;
  // The stream index and states: what the killed import held back is merged by the next writer, here
  // one that opens and closes; then every (stream, revision) must point at its position.
  const writer = await openEmbeddedEventStoreImpl({ path: options.dataDir });
  writer.claimWriter();
  await writer.close();
  const verification = await verifyEventLog(options.dataDir);
  for (const problem of verification.problems) problems.push(`${when}: ${problem}`);
  if (verification.streamIndexUpTo !== verification.head) {
    problems.push(
      `${when}: the stream index ends at ${verification.streamIndexUpTo}, the log at ${verification.head}`,
    );
  }
  if (problems.length > before) return length;
  if (complete && length !== options.events) {
    problems.push(`${when}: ${length} events in the log, ${options.events} in the input`);
  }
  if (length % options.batchSize !== 0 && length !== options.events) {
    problems.push(`${when}: ${length} events is not a whole number of batches of ${options.batchSize}`);
  }
  return length;
}
