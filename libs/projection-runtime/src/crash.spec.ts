import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InMemoryEventStore } from '@flr/testing';
import { open } from 'lmdb';
import { appendDeterministicLog, slowCounter } from '../test/crash-log';
import { tempDir } from '../test/fixtures';
import { ProjectionRuntime } from './runtime';

const ROOT = resolve('.');
const EVENTS = 30_000;

/** Compiles the runtime, the in-memory store and the crash log to plain ESM the child can import. */
function compileForChild(): string {
  // A fresh `npm ci` has no node_modules/.cache yet.
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'flr-kill9-'));
  const sources = [
    'libs/projection-runtime/src',
    'libs/projection-runtime/test/crash-log.ts',
    'libs/testing/src/in-memory-event-store.ts',
    'libs/event-store/src/errors.ts',
    'libs/event-store/src/filter.ts',
    'libs/event-store/src/port.ts',
    // The in-memory store decides appends with the embedded store's pure rules and validation.
    'libs/event-store/src/embedded/decide.ts',
    'libs/event-store/src/embedded/records.ts',
    'libs/event-store/src/validation.ts',
    'libs/event-store/src/plain-json.ts',
  ];
  const swc = join(ROOT, 'node_modules', '.bin', 'swc');
  const args = [...sources, '-d', out, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts', '--quiet'];
  const result = spawnSync(swc, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`swc failed: ${result.stderr}`);
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  // The fake store needs only the port, its errors and the pure append rules: keep the child
  // independent of the adapters (no lmdb, no gRPC).
  const barrel = [
    "export * from './errors.js';",
    "export * from './filter.js';",
    "export * from './port.js';",
    "export * from './validation.js';",
    "export { decideAppend, decideDelete } from './embedded/decide.js';",
    "export { NO_STREAM_STATE } from './embedded/records.js';",
    '',
  ].join('\n');
  writeFileSync(join(out, 'libs/event-store/src/index.js'), barrel);
  return out;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolveLine(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

/** Opens the killed child's read models and returns the checkpoint with what the model holds. */
async function inspect(path: string) {
  const env = open({ path, maxDbs: 16 });
  const checkpoint = env.openDB({ name: '$checkpoints' }).get('counter.v1') as {
    position: string;
    processed: number;
  };
  const model = env.openDB({ name: 'counter.v1' });
  const seen = model.getKeysCount({ start: ['seen'], end: ['seen', '~'] });
  const total = model.get('total') as number;
  await env.close();
  return { checkpoint, seen, total };
}

async function resumes(path: string): Promise<void> {
  const store = new InMemoryEventStore();
  await appendDeterministicLog(store, EVENTS);
  const runtime = new ProjectionRuntime({ store, path, batchSize: 500 });
  runtime.register(slowCounter());
  await runtime.start();
  expect(await runtime.waitFor(await store.headPosition(), 30_000)).toBe(true);
  expect(runtime.reader('counter').get('total')).toBe(EVENTS);
  expect(runtime.status()[0]).toMatchObject({ eventsApplied: EVENTS, eventsProcessed: EVENTS });
  await runtime.stop();
}

describe('ProjectionRuntime after a kill -9', () => {
  let compiled: string;
  const script = join(ROOT, 'libs/projection-runtime/test/kill9-child.mjs');
  beforeAll(() => {
    compiled = compileForChild();
  });
  afterAll(() => rmSync(compiled, { recursive: true, force: true }));

  it('finds read model and checkpoint consistent, then resumes without applying any event twice', async () => {
    const dir = tempDir();
    try {
      const child = spawn(process.execPath, [script, compiled, dir.path, String(EVENTS), 'parent'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // A third of the log is applied: kill it without warning, in the middle of its work.
      expect(await firstLine(child)).toBe('applying\n');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const { checkpoint, seen, total } = await inspect(dir.path);
      expect(checkpoint.processed).toBeGreaterThan(0);
      expect(checkpoint.processed).toBeLessThan(EVENTS);
      expect(total).toBe(checkpoint.processed);
      expect(seen).toBe(checkpoint.processed);
      await resumes(dir.path);
    } finally {
      dir.cleanup();
    }
  });

  // The parent's kill lands wherever the child happens to be; these two land on the moments that
  // matter, so a checkpoint written outside the batch's transaction (before or after it) is caught.
  it.each([
    ['in the middle of a batch: neither its events nor its checkpoint are kept', 'mid-batch'],
    ['right after a batch commits: its checkpoint was committed with it', 'after-commit'],
  ])('killed %s', async (_, when) => {
    const dir = tempDir();
    try {
      const child = spawn(process.execPath, [script, compiled, dir.path, String(EVENTS), when], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const signal = await new Promise((r) => child.once('exit', (_code, s) => r(s)));
      expect(signal).toBe('SIGKILL');
      const { checkpoint, seen, total } = await inspect(dir.path);
      // The event a third of the way in belongs to the batch that was lost, or was kept whole.
      const third = Math.floor(EVENTS / 3);
      if (when === 'mid-batch') expect(checkpoint.processed).toBeLessThan(third);
      else expect(checkpoint.processed).toBeGreaterThanOrEqual(third);
      expect(checkpoint.processed).toBeGreaterThan(0);
      expect(total).toBe(checkpoint.processed);
      expect(seen).toBe(checkpoint.processed);
      await resumes(dir.path);
    } finally {
      dir.cleanup();
    }
  });
});
