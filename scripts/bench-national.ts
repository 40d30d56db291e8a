/**
 * The register at the size of the country, against PostgreSQL on the same questions (issue 8).
 *
 *   npm run bench:national                          (the country: 5.6 M residents)
 *   npm run bench:national -- --persons 300000      (scaled down)
 *   npm run bench:national -- --persons 300000 --dir /tmp/flr-national   (keep and reuse the log)
 *
 * Prints `name=value` lines:
 * - the synthetic history (seeded, synthetic month + 80 numbers only) generated and imported into an
 *   embedded log: `persons`, `events`, `generate_s`, `import_s`, `import_events_per_s`; a log a killed
 *   run left in `--dir` (no `log-info.json` beside it) is resumed: the generator runs again, the events
 *   already imported are skipped by id, and `import_resumed=yes`, `import_resumed_events_before` and
 *   `import_resumed_written` say so (the times are then the resuming run's, no rate of the whole import);
 *   a finished log of the same size kept in `--dir` is reused, and `log_kept_from_earlier_run=yes` says
 *   the generate and import figures are the run's that made it (remove `log-info.json` and `log` to
 *   import again; a log of another size is refused);
 *   `--as-is` takes the log in `<dir>/log` as it stands instead, generating and importing nothing
 *   (`log=as-is`, `events` its head: a killed import's log without resuming it, or a log made elsewhere);
 * - the link index (the read model every person and list question is answered from) rebuilt from
 *   the whole log: `rebuild_s`, `rebuild_events_per_s`, `peak_rss_mb` (with the pages of the mapped
 *   log it read) and `peak_anon_rss_mb` (without them: the memory the process itself needed);
 *   with `--reuse-link-index` the snapshot an earlier run left in `<dir>/bench-readmodels` is restored
 *   instead (`link_index_restored_s`; no rebuild figures);
 * - every projection the API runs (LMDB read models and in-memory ones) rebuilt from the whole log
 *   in a fresh folder, in a child process so its peak memory is its own: `rebuild_all_s`,
 *   `rebuild_all_events_per_s`, `rebuild_all_peak_rss_mb`, `rebuild_all_peak_anon_rss_mb` (skip with
 *   `--no-rebuild-all`; `--reuse-read-models` skips it and keeps what an earlier rebuild of every
 *   projection left in `<dir>/api-data/readmodels`, e.g. a `--rebuild-all-child` run of its own at the
 *   country's size, for the cold starts: `read_models_reused=yes`);
 * - the single writer's view folded from the whole log (`writer_rebuild_s`, `writer_view_mb`: heap and
 *   typed arrays it holds, `writer_view_persons`: persons ever registered), written to its snapshot
 *   (`writer_snapshot_s`, `writer_snapshot_mb`) and restored from it
 *   (`writer_restore_s`, `writer_restored_view_mb`);
 * - cold starts of the API process on that register (with the writer snapshot and the read models
 *   left by the rebuild of every projection in its data folder, as after any earlier run) until it
 *   answers a command, `--start-runs` times (default 3), each a fresh process: `start_s` (the median),
 *   `start_s_runs` (every run, when they differ), `start_read_models` (restored, or rebuilding behind
 *   the API with `--no-rebuild-all`), and the API process's `start_rss_mb` and `start_cpu_s` at that
 *   moment in the median run (`--no-writer` skips the writer view and the cold starts);
 * - in-process questions: `query_p50_us` / `query_p99_us` (gp at a date), `history_p99_us`,
 *   `list_at_p99_ms` (patients of a list at a date), `batch_1000_ms` (1,000 (nin, date) pairs),
 *   each the median of `--rounds` (default 3) rounds over the same samples, with every round's
 *   figure in `<name>_rounds` (PostgreSQL's questions likewise);
 *   the same with `_cpu_` in the name is this process's CPU time per call, which a machine shared
 *   with other jobs does not inflate (a wall-clock p99 there mostly measures preemptions);
 * - HTTP GET gp?at= under autocannon (50 connections, loopback): `http_req_per_s`, `http_p99_ms`, and
 *   the same server's endpoint that does nothing behind the same request chain: `http_noop_req_per_s`,
 *   `http_noop_p99_ms` and `http_vs_noop` (gp's rate ÷ the no-op's), each the median of
 *   `--http-rounds` (default 3) rounds of `--http-seconds` (default 10) of gp and of the no-op,
 *   alternating, with every round's figure in `<name>_rounds` (when they differ); `http_not_found_share` is the share
 *   of gp's answers that are 404s (nobody with that number, or no GP, on the sampled date);
 *   `http_cpu_us_per_req` and `http_noop_cpu_us_per_req` are the server's CPU time per request of
 *   each (user + system, from /proc), and `http_cpu_vs_noop` the no-op's ÷ gp's: the same comparison
 *   as `http_vs_noop` by the work done, which other jobs on a shared machine move less than the rates;
 *   autocannon runs in a child process of its own (bench-http-load.ts), whose CPU time per request is
 *   `http_client_cpu_us_per_req` (gp) and `http_noop_client_cpu_us_per_req`
 *   (`--no-http` skips the HTTP step: its server builds the directory read model from the whole log first, which
 *   at the country's size takes longer than the rest; a failed HTTP step prints `http_req_per_s=failed`;
 *   `--http-only` runs only this step after the samples are drawn; `--server-prof DIR` has its server
 *   write a `--cpu-prof` profile into DIR; the server starts its link index from the rebuild step's
 *   snapshot, caught up from the log);
 * - the same questions answered by PostgreSQL (Debian's `postgresql`, started here on a private
 *   port and data folder; see bench-national-pg.ts): `pg_load_s`, `pg_query_p99_us`,
 *   `pg_list_at_p99_ms`, `pg_batch_1000_ms`, the ratios `query_vs_pg`, `list_at_vs_pg`,
 *   `batch_vs_pg` (PostgreSQL's p99 ÷ ours) and `answers_match` (checksums of both sides' answers
 *   on the same samples).
 * PostgreSQL is loaded with the link periods the register holds (every person's gp-history from the
 * link index), so both sides answer from the same facts and `answers_match` checks the questions.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandProcessor,
  LmdbOutcomeIndex,
  saveWriterViewSnapshot,
  writerSnapshotPath,
} from '@flr/application';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { openEmbeddedEventStore, openEmbeddedEventStoreImpl } from '@flr/event-store';
import { ProjectionRuntime, snapshotPath } from '@flr/projection-runtime';
import {
  gpAt,
  gpAtBatch,
  history,
  historyOfPerson,
  type LinkIndex,
  LINK_INDEX,
  linkIndexProjection,
  listAt,
  ninString,
} from '@flr/projections';
import { calibrationReport, generateHistory } from '@flr/testing';
import { type PgQuestions, startPostgres } from './bench-national-pg';
import type { LoadRequest, LoadResult } from './bench-http-load';
import { importGeneratedHistory, SEED } from './national-import';
import { rebuildAllReadModels } from './rebuild-all';
import { trackPeakAnonMb } from './resident-memory';

interface Options {
  persons: number;
  dir: string | undefined;
  samples: number;
  httpSeconds: number;
  /** Alternating loads of gp and of the no-op, each `httpSeconds` long (the figures are their medians). */
  httpRounds: number;
  pg: boolean;
  rebuildAll: boolean;
  /** The writer view's fold, snapshot and restore, and the cold start (`--no-writer` skips them). */
  writer: boolean;
  /** The HTTP step (`--no-http` skips it): its server builds the directory from the whole log first. */
  http: boolean;
  /** Internal: this process is the child that rebuilds every projection. */
  rebuildAllChild?: boolean;
  startTimeoutS: number;
  /** Cold starts of the API process (`--start-runs`): `start_s` is their median. */
  startRuns: number;
  /** How many times the in-process and PostgreSQL questions are asked (figures: medians). */
  rounds: number;
  /** Restore the link index from the snapshot an earlier run left (`--reuse-link-index`) instead of rebuilding it. */
  reuseLinkIndex: boolean;
  /** `--as-is`: bench the log in `<dir>/log` as it stands. */
  asIs: boolean;
  /** `--reuse-read-models`: no rebuild of every projection; the cold starts restore an earlier one's. */
  reuseReadModels: boolean;
  /** Only the HTTP step (`--http-only`): no in-process questions, link periods, writer view or PostgreSQL. */
  httpOnly: boolean;
  /** `--server-prof DIR`: the HTTP step's server writes a CPU profile (`node --cpu-prof`) into DIR. */
  serverProfDir?: string;
  /** `--calibration-only`: run the generator to its end (nothing imported) and write its calibration report. */
  calibrationOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    persons: 5_600_000,
    dir: process.env.BENCH_DIR,
    samples: 100_000,
    httpSeconds: 10,
    httpRounds: 3,
    pg: true,
    rebuildAll: true,
    writer: true,
    http: true,
    startTimeoutS: 900,
    startRuns: 3,
    rounds: 3,
    reuseLinkIndex: false,
    asIs: false,
    reuseReadModels: false,
    httpOnly: false,
    calibrationOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v!;
    };
    const count = (v: string) => {
      const n = Number(v.replaceAll('_', ''));
      if (!Number.isInteger(n) || n <= 0) usage(`${flag} must be a positive whole number, got ${v}`);
      return n;
    };
    if (flag === '--persons') options.persons = count(value());
    else if (flag === '--dir') options.dir = value();
    else if (flag === '--samples') options.samples = count(value());
    else if (flag === '--http-seconds') options.httpSeconds = count(value());
    else if (flag === '--http-rounds') options.httpRounds = count(value());
    else if (flag === '--start-timeout') options.startTimeoutS = count(value());
    else if (flag === '--start-runs') options.startRuns = count(value());
    else if (flag === '--rounds') options.rounds = count(value());
    else if (flag === '--reuse-link-index') options.reuseLinkIndex = true;
    else if (flag === '--as-is') options.asIs = true;
    else if (flag === '--no-pg') options.pg = false;
    else if (flag === '--no-rebuild-all') options.rebuildAll = false;
    else if (flag === '--reuse-read-models') {
      options.reuseReadModels = true;
      options.rebuildAll = false;
    } else if (flag === '--no-writer') options.writer = false;
    else if (flag === '--no-http') options.http = false;
    else if (flag === '--http-only') options.httpOnly = true;
    else if (flag === '--server-prof') options.serverProfDir = value();
    else if (flag === '--calibration-only') options.calibrationOnly = true;
    else if (flag === '--rebuild-all-child') options.rebuildAllChild = true;
    else if (flag === '--help') usage();
    else usage(`unknown option ${flag}`);
  }
  return options;
}

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(
    'usage: npm run bench:national -- [--persons N] [--dir D] [--as-is] [--samples N] [--http-seconds N] [--http-rounds N] [--start-timeout S] [--start-runs N] [--rounds N] [--reuse-link-index] [--no-pg] [--no-rebuild-all] [--reuse-read-models] [--no-writer] [--no-http] [--http-only] [--server-prof DIR] [--calibration-only]',
  );
  process.exit(problem ? 2 : 0);
}

const print = (name: string, value: string | number) => console.log(`${name}=${value}`);
const seconds = (since: number) => (performance.now() - since) / 1000;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** Peak RSS counts the pages of the mapped log it read; the anonymous peak is the memory it needed. */
const anonPeak = trackPeakAnonMb();

interface LogInfo {
  persons: number;
  events: number;
  generateS: number;
  importS: number;
  importCpuS?: number;
  /**
   * Set when this run resumed a log an earlier, killed run left (no `log-info.json` yet): the generator
   * ran again from its seed, the events already in the log were recognised by id and skipped, and only
   * `written` events were appended. The times are this run's, so they are no import rate of the whole log.
   */
  resumed?: { readonly written: number; readonly eventsBefore: number };
  /** The log an earlier run of the same size generated and imported (its figures are that run's). */
  kept?: boolean;
}

/** The generated register against DOMAIN.md §6, kept beside the log (and shown once, not as name=value). */
function writeCalibration(dir: string, calibration: string): void {
  writeFileSync(join(dir, 'calibration.md'), `${calibration}\n`);
  console.error(calibration);
}

/**
 * `--calibration-only`: the generator run to its end with nothing imported (the country's history in
 * far less time and disk than its import), its calibration report against DOMAIN.md §6 written to
 * `<dir>/calibration.md` and shown; prints `persons`, `events`, `generate_s`.
 */
function calibrateOnly(dir: string, persons: number): void {
  const started = performance.now();
  const history = generateHistory({ persons, seed: SEED });
  let events = 0;
  for (const _ of history) events++;
  const generateS = seconds(started);
  writeCalibration(dir, calibrationReport(history.summary.calibration, persons));
  print('persons', persons);
  print('events', events);
  print('generate_s', generateS.toFixed(1));
  print('calibration', join(dir, 'calibration.md'));
}

/**
 * Generates the history and bulk-imports it, timing the generator and the store apart. Memory stays
 * bounded by the import's batches: events are pulled from the generator as the import needs them.
 */
async function generateAndImport(dir: string, persons: number): Promise<LogInfo> {
  const infoPath = join(dir, 'log-info.json');
  if (existsSync(infoPath)) {
    const kept = JSON.parse(readFileSync(infoPath, 'utf8')) as LogInfo;
    if (kept.persons === persons) return { ...kept, kept: true };
    // Another size: this folder's log is not the one asked for.
    usage(
      `${dir} holds the log of ${kept.persons} persons: use another --dir (or remove ${infoPath} and its log)`,
    );
  }
  // A log without its info file was left by a run killed while importing: resumed, not thrown away
  // (the bulk import skips every event already written, by id, so none is lost or duplicated).
  const logDir = join(dir, 'log');
  const resuming = existsSync(join(logDir, 'data.mdb'));
  // Opened for the import alone (closed below): no kernel read-around on its index look-ups.
  const store = await openEmbeddedEventStoreImpl({ path: logDir, randomAccess: true });
  const eventsBefore = resuming ? Number(await store.headPosition()) : 0;
  if (resuming)
    console.error(`resuming the import: ${eventsBefore.toLocaleString('en')} events already in the log`);
  const started = performance.now();
  let shown = 0;
  const { events, written, generateS, importS, importCpuS, calibration } = await importGeneratedHistory(
    store,
    {
      persons,
      seed: SEED,
      // Progress on stderr every 5 M events (a national import runs for many minutes).
      onBatch: (read) => {
        if (read - shown < 5_000_000) return;
        shown = read;
        console.error(`imported ${read.toLocaleString('en')} events in ${seconds(started).toFixed(0)} s`);
      },
    },
  );
  await store.close();
  writeCalibration(dir, calibration);
  const info: LogInfo = {
    persons,
    events,
    generateS,
    importS,
    importCpuS,
    ...(resuming ? { resumed: { written, eventsBefore } } : {}),
  };
  writeFileSync(infoPath, JSON.stringify(info));
  return info;
}

/** The link index's snapshot file of the runtime whose read models are in `folder`. */
const linkIndexSnapshot = (folder: string) =>
  snapshotPath(join(folder, 'snapshots'), LINK_INDEX, linkIndexProjection.version);

/** `--as-is`: the log in `<dir>/log` as it stands, neither generated nor imported here (its head is its size). */
async function logAsIs(dir: string): Promise<LogInfo> {
  if (!existsSync(join(dir, 'log', 'data.mdb'))) usage(`--as-is: no log in ${join(dir, 'log')}`);
  const store = await openEmbeddedEventStoreImpl({ path: join(dir, 'log') });
  const events = Number(await store.headPosition());
  await store.close();
  return { persons: 0, events, generateS: 0, importS: 0 };
}

async function rebuild(
  dir: string,
  events: number,
  reuse: boolean,
): Promise<{ index: LinkIndex; close(): Promise<void> }> {
  const folder = join(dir, 'bench-readmodels');
  const restoring = reuse && existsSync(linkIndexSnapshot(folder));
  if (!restoring) rmSync(folder, { recursive: true, force: true });
  const store = await openEmbeddedEventStore({ path: join(dir, 'log') });
  const runtime = new ProjectionRuntime({ store, path: folder, batchSize: 20_000 });
  runtime.registerMemory(linkIndexProjection);
  const started = performance.now();
  await runtime.start();
  if (!(await runtime.ready(7_200_000))) throw new Error('the link index did not finish within two hours');
  const rebuildS = seconds(started);
  if (restoring) {
    // `--reuse-link-index`: the snapshot an earlier run left, restored and caught up; no rebuild figures.
    print('link_index_restored_s', rebuildS.toFixed(1));
  } else {
    print('rebuild_projections', 'link-index');
    print('rebuild_s', rebuildS.toFixed(1));
    print('rebuild_events_per_s', Math.round(events / rebuildS));
    print('peak_rss_mb', peakRssMb());
    print('peak_anon_rss_mb', anonPeak.peakMb());
  }
  return {
    index: runtime.memory<LinkIndex>(LINK_INDEX),
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}

/**
 * Every projection the API registers, rebuilt from the whole log into a fresh folder (run in a child
 * process: `--rebuild-all-child`), as an API or a worker starting on an empty read-model folder does.
 */
async function rebuildAllProjections(dir: string): Promise<void> {
  // Left in the API's data folder: the cold start below restores them, as a restart after any run does.
  // Progress on stderr once a minute (at the country's size the rebuild takes tens of minutes).
  const started = performance.now();
  const rebuilt = await rebuildAllReadModels(join(dir, 'log'), startReadModels(dir), (processed) => {
    const each = [...processed].map(([name, events]) => `${name} ${events}`).join(', ');
    const seconds = Math.round((performance.now() - started) / 1000);
    console.error(
      `rebuild of every projection, ${seconds} s: ${each}; peak anon RSS ${anonPeak.peakMb()} MB`,
    );
  });
  print(
    'rebuild_all_projections',
    rebuilt.runtime
      .status()
      .map((s) => s.name)
      .join(','),
  );
  print('rebuild_all_s', rebuilt.seconds.toFixed(1));
  print('rebuild_all_events_per_s', Math.round(rebuilt.events / rebuilt.seconds));
  print('rebuild_all_peak_rss_mb', peakRssMb());
  print('rebuild_all_peak_anon_rss_mb', anonPeak.peakMb());
  await rebuilt.close();
}

/** The read models the cold start finds in its data folder (written by the rebuild of every projection). */
const startReadModels = (dir: string) => join(dir, 'api-data', 'readmodels');

/** Runs `rebuildAllProjections` in a child and passes its lines through. */
async function rebuildAllInChild(dir: string): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const child = fork(script, ['--rebuild-all-child', '--dir', dir], {
    execArgv: ['--max-old-space-size=16384'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the rebuild of every projection exited with ${code}`);
}

/**
 * JS heap plus typed arrays' memory (the writer view keeps its columns there), after collections:
 * the memory of freed array buffers is only given back once a later turn has run their finalisers.
 */
const heapMb = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
};

/**
 * The single writer's view over the whole log: folded from the log, written to its snapshot in the
 * API's data folder (where the cold start finds it), then restored from it.
 */
async function writerView(dir: string): Promise<void> {
  const store = await openEmbeddedEventStoreImpl({ path: join(dir, 'log') });
  const snapshot = { path: writerSnapshotPath(join(dir, 'api-data')) };
  // The command outcome index (idempotency) where the API keeps it: folded from the whole log by the
  // first writer below, found complete by the restored one and by the cold start.
  const outcomesPath = join(dir, 'api-data', 'idempotency', 'outcomes');
  rmSync(snapshot.path, { force: true });
  rmSync(outcomesPath, { recursive: true, force: true });
  try {
    const heapBefore = await heapMb();
    let started = performance.now();
    const rebuilt = new CommandProcessor({
      store,
      rules: DEFAULT_REGISTER_RULES,
      outcomes: LmdbOutcomeIndex.open(outcomesPath),
    });
    await rebuilt.start();
    print('writer_rebuild_s', seconds(started).toFixed(1));
    print('writer_view_mb', Math.round((await heapMb()) - heapBefore));
    print('writer_view_persons', rebuilt.view.personIds.count);
    started = performance.now();
    saveWriterViewSnapshot(rebuilt.view, snapshot.path);
    print('writer_snapshot_s', seconds(started).toFixed(1));
    print('writer_snapshot_mb', Math.round(statSync(snapshot.path).size / 1024 / 1024));
    await rebuilt.stop();
    const heapRestoring = await heapMb();
    started = performance.now();
    const restored = new CommandProcessor({
      store,
      rules: DEFAULT_REGISTER_RULES,
      snapshot,
      outcomes: LmdbOutcomeIndex.open(outcomesPath),
    });
    await restored.start();
    if (restored.lastStart?.restoredAt === null) throw new Error('the writer snapshot was not restored');
    print('writer_restore_s', seconds(started).toFixed(1));
    // The rebuilt view is still referenced here: the restored one is what the heap grew by since.
    print('writer_restored_view_mb', Math.round((await heapMb()) - heapRestoring));
  } finally {
    await store.close();
  }
}

/** Deterministic sampling, so runs and both sides see the same questions. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Samples {
  pairs: { nin: string; at: string }[];
  lists: { contractId: string; at: string }[];
}

function drawSamples(index: LinkIndex, count: number): Samples {
  const random = lcg(7);
  const day = () => new Date(Date.UTC(2001, 5, 1 + Math.floor(random() * 8_800))).toISOString().slice(0, 10);
  const pairs: Samples['pairs'] = [];
  while (pairs.length < count) {
    const person = Math.floor(random() * index.personCount);
    pairs.push({ nin: ninString(index.ninAt(person, undefined)), at: day() });
  }
  const contracts = index.contracts.values.filter((c) => c !== undefined) as string[];
  const lists = Array.from({ length: 2_000 }, () => ({
    contractId: contracts[Math.floor(random() * contracts.length)]!,
    at: day(),
  }));
  return { pairs, lists };
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Microseconds per call, sorted. */
async function timeEach(n: number, run: (i: number) => unknown): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const answer = run(i);
    // An answer given at once is timed as given, not after a microtask turn an `await` would add.
    if (answer instanceof Promise) await answer;
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out.sort();
}

interface Figures {
  queryP99Us: number;
  listAtP99Ms: number;
  batchMs: number;
  checksums: { gp: string; lists: string; batch: string };
}

const checksum = (parts: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex').slice(0, 16);
};

/**
 * CPU time of this process per call (µs), sorted: on a machine shared with other jobs, a wall-clock
 * p99 of a sub-millisecond call mostly measures the scheduler (a call that spans a preemption).
 */
function cpuEach(n: number, run: (i: number) => unknown): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const before = process.cpuUsage();
    run(i);
    const spent = process.cpuUsage(before);
    out[i] = spent.user + spent.system;
  }
  return out.sort();
}

/** Collects one round's figures by name (printed as medians over the rounds). */
type Put = (name: string, value: number) => void;

/** Decimals each figure is printed with (counts as whole numbers). */
const decimals = (name: string) => (name.endsWith('_ms') ? 3 : name.endsWith('_us') ? 2 : 0);

/**
 * Asks the questions `rounds` times over the same samples and prints each figure's median over the
 * rounds (`name=median`) with every round's value (`name_rounds=a,b,c`); the answers must be the same
 * in every round. Returns the medians.
 */
async function inRounds(rounds: number, ask: (put: Put) => Promise<Figures>): Promise<Figures> {
  const values = new Map<string, number[]>();
  const figures: Figures[] = [];
  for (let round = 0; round < rounds; round++) {
    figures.push(
      await ask((name, value) => {
        values.set(name, [...(values.get(name) ?? []), value]);
      }),
    );
  }
  for (const [name, all] of values) printMedian(name, all, decimals(name));
  const first = figures[0]!;
  if (figures.some((f) => JSON.stringify(f.checksums) !== JSON.stringify(first.checksums)))
    throw new Error('the same questions got different answers in different rounds');
  return {
    queryP99Us: median(figures.map((f) => f.queryP99Us)),
    listAtP99Ms: median(figures.map((f) => f.listAtP99Ms)),
    batchMs: median(figures.map((f) => f.batchMs)),
    checksums: first.checksums,
  };
}

/** `name=median` of the values, and `name_<each>=a,b,c` with each of them when they differ. */
function printMedian(name: string, values: readonly number[], digits: number, each = 'rounds'): void {
  print(name, median(values).toFixed(digits));
  if (new Set(values).size > 1) print(`${name}_${each}`, values.map((v) => v.toFixed(digits)).join(','));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function ours(index: LinkIndex, samples: Samples, put: Put): Promise<Figures> {
  const { pairs, lists } = samples;
  for (let i = 0; i < Math.min(pairs.length, 20_000); i++) gpAt(index, pairs[i]!.nin, pairs[i]!.at);
  const gp = await timeEach(pairs.length, (i) => gpAt(index, pairs[i]!.nin, pairs[i]!.at));
  put('query_samples', pairs.length);
  put('query_p50_us', quantile(gp, 0.5));
  put('query_p99_us', quantile(gp, 0.99));
  const hist = await timeEach(pairs.length, (i) => history(index, pairs[i]!.nin));
  put('history_p99_us', quantile(hist, 0.99));
  for (let i = 0; i < 200; i++) listAt(index, lists[i]!.contractId, lists[i]!.at);
  let rows = 0;
  const list = await timeEach(lists.length, (i) => {
    rows += listAt(index, lists[i]!.contractId, lists[i]!.at).items.length;
  });
  put('list_at_avg_rows', Math.round(rows / lists.length));
  put('list_at_p99_ms', quantile(list, 0.99) / 1000);
  const listCpu = cpuEach(lists.length, (i) => listAt(index, lists[i]!.contractId, lists[i]!.at));
  put('list_at_cpu_p50_ms', quantile(listCpu, 0.5) / 1000);
  put('list_at_cpu_p99_ms', quantile(listCpu, 0.99) / 1000);
  const batches = Array.from({ length: Math.floor(pairs.length / 1000) }, (_, b) =>
    pairs.slice(b * 1000, (b + 1) * 1000),
  );
  for (let b = 0; b < Math.min(batches.length, 20); b++) gpAtBatch(index, batches[b]!);
  const batch = await timeEach(batches.length, (b) => gpAtBatch(index, batches[b]!));
  put('batch_1000_ms', quantile(batch, 0.5) / 1000);
  put('batch_1000_p99_ms', quantile(batch, 0.99) / 1000);
  const batchCpu = cpuEach(batches.length, (b) => gpAtBatch(index, batches[b]!));
  put('batch_1000_cpu_ms', quantile(batchCpu, 0.5) / 1000);
  put('batch_1000_cpu_p99_ms', quantile(batchCpu, 0.99) / 1000);
  return {
    queryP99Us: quantile(gp, 0.99),
    listAtP99Ms: quantile(list, 0.99) / 1000,
    batchMs: quantile(batch, 0.5) / 1000,
    checksums: {
      gp: checksum(pairs.map((p) => gpAt(index, p.nin, p.at)?.contractId ?? '')),
      lists: checksum(
        lists.map((l) =>
          listAt(index, l.contractId, l.at)
            .items.map((item) => item.nin)
            .sort()
            .join(','),
        ),
      ),
      batch: checksum(
        batches.flatMap((b) =>
          [...gpAtBatch(index, b)].map((link) =>
            link < 0 ? '' : index.contracts.values[index.linkContract.array[link]!]!,
          ),
        ),
      ),
    },
  };
}

/** Every person's link periods as CSV (nin, contract, from, to exclusive), for PostgreSQL's COPY. */
async function writeLinkPeriods(index: LinkIndex, file: string): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  let chunk = '';
  for (let person = 0; person < index.personCount; person++) {
    const nin = ninString(index.ninAt(person, undefined));
    for (const link of historyOfPerson(index, person)) {
      chunk += `${nin},${link.contractId},${link.period.from},${link.period.to ?? ''}\n`;
      rows++;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return rows;
}

async function theirs(pg: PgQuestions, samples: Samples, put: Put): Promise<Figures> {
  const { pairs, lists } = samples;
  for (let i = 0; i < Math.min(pairs.length, 5_000); i++) await pg.gpAt(pairs[i]!.nin, pairs[i]!.at);
  const answers: string[] = new Array(pairs.length);
  const gp = await timeEach(pairs.length, async (i) => {
    answers[i] = (await pg.gpAt(pairs[i]!.nin, pairs[i]!.at)) ?? '';
  });
  put('pg_query_p50_us', quantile(gp, 0.5));
  put('pg_query_p99_us', quantile(gp, 0.99));
  for (let i = 0; i < 200; i++) await pg.listAt(lists[i]!.contractId, lists[i]!.at);
  const listAnswers: string[] = new Array(lists.length);
  const list = await timeEach(lists.length, async (i) => {
    listAnswers[i] = (await pg.listAt(lists[i]!.contractId, lists[i]!.at)).sort().join(',');
  });
  put('pg_list_at_p99_ms', quantile(list, 0.99) / 1000);
  const batches = Array.from({ length: Math.floor(pairs.length / 1000) }, (_, b) =>
    pairs.slice(b * 1000, (b + 1) * 1000),
  );
  for (let b = 0; b < Math.min(batches.length, 20); b++) await pg.gpAtBatch(batches[b]!);
  const batchAnswers: string[][] = new Array(batches.length);
  const batch = await timeEach(batches.length, async (b) => {
    batchAnswers[b] = await pg.gpAtBatch(batches[b]!);
  });
  put('pg_batch_1000_ms', quantile(batch, 0.5) / 1000);
  put('pg_batch_1000_p99_ms', quantile(batch, 0.99) / 1000);
  return {
    queryP99Us: quantile(gp, 0.99),
    listAtP99Ms: quantile(list, 0.99) / 1000,
    batchMs: quantile(batch, 0.5) / 1000,
    checksums: { gp: checksum(answers), lists: checksum(listAnswers), batch: checksum(batchAnswers.flat()) },
  };
}

/**
 * Cold starts of the real API process (`npm start`'s entry point) on the register, `runs` times:
 * seconds until it answers a command (a ChangeGP to a list that does not exist: decided by the
 * single writer, refused with a 4xx, nothing written). Its data folder holds what an earlier run
 * leaves: the writer's snapshot and the read models with their snapshots
 * (`start_read_models=restored`); without the rebuild of every projection (`--no-rebuild-all`) the
 * read models rebuild behind the listening API instead (`start_read_models=rebuilding`; what a run
 * built of them is removed before the next, so each starts alike). Nothing replays the whole log
 * before the answer. Each process is killed (SIGKILL) once it answered.
 */
async function coldStarts(dir: string, nin: string, timeoutS: number, runs: number): Promise<void> {
  const dataDir = join(dir, 'api-data');
  for (const entry of ['events', 'keys']) rmSync(join(dataDir, entry), { recursive: true, force: true });
  const restored = existsSync(startReadModels(dir));
  print('start_read_models', restored ? 'restored' : 'rebuilding');
  mkdirSync(dataDir, { recursive: true });
  symlinkSync(join(dir, 'log'), join(dataDir, 'events'));
  const answered: { seconds: number; rssMb: number | string; cpuS: number | string }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      if (!restored) rmSync(startReadModels(dir), { recursive: true, force: true });
      const start = await coldStart(dataDir, nin, timeoutS);
      if (start === undefined) {
        print('start_s', 'timeout');
        return;
      }
      answered.push(start);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = answered.map((a) => a.seconds);
  const middle = answered.find((a) => a.seconds === median(seconds))!;
  printMedian('start_s', seconds, 1, 'runs');
  print('start_rss_mb', middle.rssMb);
  print('start_cpu_s', middle.cpuS);
}

/** One cold start of the API on `dataDir`: when it answered, its RSS and CPU then; undefined on timeout. */
async function coldStart(
  dataDir: string,
  nin: string,
  timeoutS: number,
): Promise<{ seconds: number; rssMb: number | string; cpuS: number | string } | undefined> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../apps/registry-api/src/main.js', import.meta.url));
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: String(port),
      FLR_DATA_DIR: dataDir,
      FLR_RULE_ALLOW_SYNTHETIC_NINS: 'true',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    while (!exited && seconds(started) < timeoutS) {
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/v1/persons/${nin}/gp-changes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ contractId: 'NO-SUCH-LIST', commandId: crypto.randomUUID() }),
          // Long: a request sent while a read-model chunk runs waits for it; that wait is start time too.
          signal: AbortSignal.timeout(60_000),
        });
        await answer.text();
        if (answer.status < 500) {
          const answeredS = seconds(started);
          return { seconds: answeredS, rssMb: rssMbOf(child.pid), cpuS: cpuSecondsOf(child.pid) };
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  } finally {
    child.kill('SIGKILL');
    // The next start must not find this one's lock (or its files half-written) still held.
    await exit;
  }
}

/** A loopback port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of another process (Linux /proc), or `unknown`. */
function rssMbOf(pid: number | undefined): number | string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** CPU seconds (user + system) another process has used (Linux /proc), or `unknown`. */
function cpuSecondsOf(pid: number | undefined): string {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1);
  } catch {
    return 'unknown';
  }
}

/** HTTP GET gp?at= on the read side's query server (bench-queries-server.js) over the same log. */
async function httpFigures(
  dir: string,
  samples: Samples,
  secondsEach: number,
  roundCount: number,
  profDir?: string,
): Promise<void> {
  // The server builds its read models in `<dir>/readmodels`; it starts from the link index the rebuild
  // step snapshotted (caught up from the log), not from a second rebuild of the whole log.
  const served = linkIndexSnapshot(join(dir, 'readmodels'));
  const rebuilt = linkIndexSnapshot(join(dir, 'bench-readmodels'));
  if (!existsSync(served) && existsSync(rebuilt)) {
    mkdirSync(dirname(served), { recursive: true });
    copyFileSync(rebuilt, served);
  }
  const server = fork(fileURLToPath(new URL('./bench-queries-server.js', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(profDir ? { execArgv: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {}),
  });
  // autocannon runs in a small process of its own (bench-http-load.js), not in this one, whose heap
  // holds the samples and what the read side left: its collections would slow the client.
  const client = loadGenerator();
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (m) => resolve((m as { port: number }).port));
      server.once('exit', (code) => reject(new Error(`query server exited ${code}`)));
    });
    const paths = samples.pairs.slice(0, 50_000).map((p) => `/v1/persons/${p.nin}/gp?at=${p.at}`);
    await client.ask({ paths });
    const load = (seconds: number, path?: string) =>
      client.ask<LoadResult>({
        port,
        connections: 50,
        seconds,
        ...(path ? { path } : {}),
      } satisfies LoadRequest);
    // The server's CPU microseconds per request over one measured load.
    const measured = async (path?: string) => {
      const cpuBefore = Number(cpuSecondsOf(server.pid));
      const figures = await load(secondsEach, path);
      const cpuUs = ((Number(cpuSecondsOf(server.pid)) - cpuBefore) * 1e6) / figures.requests.total;
      return { figures, cpuUs };
    };
    await load(2);
    await load(1, '/bench/no-op');
    // gp and the no-op alternate, `rounds` times each (the order swapped every other round), so each
    // ratio compares two loads a few seconds apart: a shared machine's speed drifts over a minute.
    const rounds: { gp: Awaited<ReturnType<typeof measured>>; noOp: Awaited<ReturnType<typeof measured>> }[] =
      [];
    for (let round = 0; round < roundCount; round++) {
      if (round % 2 === 0) {
        const gp = await measured();
        rounds.push({ gp, noOp: await measured('/bench/no-op') });
      } else {
        const noOp = await measured('/bench/no-op');
        rounds.push({ gp: await measured(), noOp });
      }
    }
    // Rate and p99 of one side (gp, or the no-op) over the rounds.
    const rates = (prefix: string, side: 'gp' | 'noOp') => {
      printMedian(
        `${prefix}_req_per_s`,
        rounds.map((r) => r[side].figures.requests.average),
        0,
      );
      printMedian(
        `${prefix}_p99_ms`,
        rounds.map((r) => r[side].figures.latency.p99),
        0,
      );
    };
    rates('http', 'gp');
    const gpTotal = rounds.reduce((sum, r) => sum + r.gp.figures.requests.total, 0);
    const notFound = rounds.reduce((sum, r) => sum + r.gp.figures.non2xx, 0);
    print('http_not_found_share', (notFound / gpTotal).toFixed(3));
    // The same server's endpoint that does no work, behind the same request chain: its ceiling here.
    rates('http_noop', 'noOp');
    printMedian(
      'http_vs_noop',
      rounds.map((r) => r.gp.figures.requests.average / r.noOp.figures.requests.average),
      2,
    );
    if (rounds.every((r) => Number.isFinite(r.gp.cpuUs) && Number.isFinite(r.noOp.cpuUs))) {
      printMedian(
        'http_cpu_us_per_req',
        rounds.map((r) => r.gp.cpuUs),
        1,
      );
      printMedian(
        'http_noop_cpu_us_per_req',
        rounds.map((r) => r.noOp.cpuUs),
        1,
      );
      printMedian(
        'http_cpu_vs_noop',
        rounds.map((r) => r.noOp.cpuUs / r.gp.cpuUs),
        2,
      );
    } else {
      print('http_cpu_us_per_req', 'unknown');
    }
    // The load generator's own CPU per request (its process), gp's and the no-op's.
    printMedian(
      'http_client_cpu_us_per_req',
      rounds.map((r) => r.gp.figures.clientCpuUs),
      1,
    );
    printMedian(
      'http_noop_client_cpu_us_per_req',
      rounds.map((r) => r.noOp.figures.clientCpuUs),
      1,
    );
  } finally {
    client.close();
    // SIGTERM: the server closes and exits, so a `--cpu-prof` profile is written.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill();
    await exited;
  }
}

/** The load generator's child process: one question at a time over IPC. */
function loadGenerator(): { ask<T>(message: object): Promise<T>; close(): void } {
  const child = fork(fileURLToPath(new URL('./bench-http-load.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the load generator exited ${code}`)));
  });
  return {
    async ask<T>(message: object): Promise<T> {
      await ready;
      const answer = new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited ${code}`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          const reply = m as { ok: boolean; result?: T; error?: string };
          if (reply.ok) resolve(reply.result as T);
          else reject(new Error(`the load failed: ${reply.error}`));
        });
      });
      child.send(message);
      return answer;
    },
    close() {
      child.kill();
    },
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.rebuildAllChild) {
    await rebuildAllProjections(options.dir!);
    return;
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'flr-national-'));
  mkdirSync(dir, { recursive: true });
  if (options.calibrationOnly) {
    calibrateOnly(dir, options.persons);
    return;
  }
  let readSide: Awaited<ReturnType<typeof rebuild>> | undefined;
  let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    const log = options.asIs ? await logAsIs(dir) : await generateAndImport(dir, options.persons);
    if (options.asIs) {
      print('log', 'as-is');
      print('events', log.events);
    } else {
      print('persons', log.persons);
      print('events', log.events);
      print('generate_s', log.generateS.toFixed(1));
      print('import_s', log.importS.toFixed(1));
      print('import_events_per_s', Math.round(log.events / log.importS));
      if (log.importCpuS) print('import_events_per_cpu_s', Math.round(log.events / log.importCpuS));
    }
    // A kept log: generate_s and import_s above are the figures of the run that made it, not this one's.
    if (log.kept) print('log_kept_from_earlier_run', 'yes');
    if (log.resumed) {
      print('import_resumed', 'yes');
      print('import_resumed_events_before', log.resumed.eventsBefore);
      print('import_resumed_written', log.resumed.written);
    }
    readSide = await rebuild(dir, log.events, options.reuseLinkIndex);
    // The HTTP step alone needs no rebuild of every projection (its server builds what it serves).
    if (options.reuseReadModels) {
      if (!existsSync(startReadModels(dir)))
        throw new Error(`--reuse-read-models: no read models in ${startReadModels(dir)}`);
      print('read_models_reused', 'yes');
    } else if (options.rebuildAll && !options.httpOnly) await rebuildAllInChild(dir);
    else if (!options.httpOnly) rmSync(startReadModels(dir), { recursive: true, force: true });
    const samples = drawSamples(readSide.index, options.samples);
    if (options.httpOnly) {
      await readSide.close();
      readSide = undefined;
      await httpFigures(dir, samples, options.httpSeconds, options.httpRounds, options.serverProfDir);
      return;
    }
    const index = readSide.index;
    const our = await inRounds(options.rounds, (put) => ours(index, samples, put));
    // The link periods PostgreSQL loads (not written when it is not asked: millions of rows at the country's size).
    const periodsFile = join(dir, 'link-periods.csv');
    if (options.pg) print('link_periods', await writeLinkPeriods(readSide.index, periodsFile));
    await readSide.close();
    readSide = undefined;

    if (options.writer) {
      await writerView(dir);
      await coldStarts(dir, samples.pairs[0]!.nin, options.startTimeoutS, options.startRuns);
    }
    if (options.http) {
      // A failed HTTP step is reported and the comparison with PostgreSQL still runs.
      await httpFigures(dir, samples, options.httpSeconds, options.httpRounds, options.serverProfDir).catch(
        (error: unknown) => {
          print('http_req_per_s', 'failed');
          console.error(`the HTTP step failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    }

    if (!options.pg) {
      print('pg_available', 'skipped');
      return;
    }
    pg = await startPostgres(join(dir, 'pg'), (line) => console.error(line));
    if (!pg) {
      print('pg_available', 'no');
      return;
    }
    print('pg_available', 'yes');
    const loadStarted = performance.now();
    await pg.load(periodsFile);
    print('pg_load_s', seconds(loadStarted).toFixed(1));
    const questions = pg.questions;
    const their = await inRounds(options.rounds, (put) => theirs(questions, samples, put));
    print('query_vs_pg', (their.queryP99Us / our.queryP99Us).toFixed(1));
    print('list_at_vs_pg', (their.listAtP99Ms / our.listAtP99Ms).toFixed(1));
    print('batch_vs_pg', (their.batchMs / our.batchMs).toFixed(1));
    const same =
      our.checksums.gp === their.checksums.gp &&
      our.checksums.lists === their.checksums.lists &&
      our.checksums.batch === their.checksums.batch;
    print('answers_match', same ? 'yes' : 'no');
    if (!same)
      console.error(`checksums: ours ${JSON.stringify(our.checksums)} pg ${JSON.stringify(their.checksums)}`);
  } finally {
    await readSide?.close();
    await pg?.stop();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
