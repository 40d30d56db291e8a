/**
 * Rebuild, restart and query figures of the read side over a synthetic register.
 *
 *   npm run bench:queries                                     (300k persons; BENCH_PERSONS scales it)
 *   BENCH_DIR=/tmp/read-side-bench node dist/scripts/bench-queries.js   (reuse the log between runs)
 *
 * Builds an embedded event log from `generateHistory` once (BENCH_DIR keeps it), then prints
 * `name=value` lines: the link index rebuilt from the log by the projection runtime (events/s, peak
 * RSS), its snapshot write and a restart from the snapshot, in-process queries (gp at a date, history,
 * patients of a list at a date, a batch of 1,000), and HTTP GET /v1/persons/{nin}/gp?at= under
 * autocannon (50 connections, loopback) next to a no-op endpoint of the same server in the same run.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import {
  dayNumber,
  gpAt,
  gpAtBatch,
  gpAtTimeBatch,
  history,
  type LinkIndex,
  LINK_INDEX,
  linkIndexProjection,
  ListColumns,
  listAt,
  listColumnsAt,
  personGp,
  type Readers,
} from '@flr/projections';
import { buildLogOnce, openReadSide } from './bench-read-side';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 300_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const TODAY = '2026-11-22';

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Deterministic sampling, so runs are comparable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomDate(random: () => number): string {
  const day = Math.floor(random() * 8_800); // 2001-06-01 .. 2025-10
  return new Date(Date.UTC(2001, 5, 1 + day)).toISOString().slice(0, 10);
}

const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
/** JS heap + typed-array memory: the model itself, without the memory-mapped log pages RSS also counts. */
const heapMb = () => {
  global.gc?.();
  const usage = process.memoryUsage();
  return Math.round((usage.heapUsed + usage.arrayBuffers) / 2 ** 20);
};
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (since: number) => (performance.now() - since) / 1000;

/** The link index rebuilt from the whole log by the runtime, its snapshot, and a restart from it. */
async function rebuild(dir: string, events: number): Promise<void> {
  const folder = mkdtempSync(join(dir, 'rebuild-'));
  const store = await openEmbeddedEventStore({ path: join(dir, 'log') });
  try {
    const rssBefore = rssMb();
    const heapBefore = heapMb();
    let runtime = new ProjectionRuntime({ store, path: folder, batchSize: 20_000 });
    runtime.registerMemory(linkIndexProjection);
    let started = performance.now();
    await runtime.start();
    if (!(await runtime.ready(3_600_000))) throw new Error('rebuild did not finish within an hour');
    const rebuildSeconds = seconds(started);
    const index = runtime.memory<LinkIndex>(LINK_INDEX);
    console.log(`rebuild_link_index_seconds=${rebuildSeconds.toFixed(1)}`);
    console.log(`rebuild_link_index_events_per_s=${Math.round(events / rebuildSeconds)}`);
    console.log(`link_index_persons=${index.personCount}`);
    console.log(`link_index_links=${index.linkCount}`);
    console.log(`rebuild_rss_growth_mb=${rssMb() - rssBefore}`);
    console.log(`link_index_heap_mb=${heapMb() - heapBefore}`);
    console.log(`rebuild_peak_rss_mb=${peakRssMb()}`);
    started = performance.now();
    await runtime.stop(); // writes the snapshot at the checkpoint
    console.log(`snapshot_write_seconds=${seconds(started).toFixed(2)}`);
    runtime = new ProjectionRuntime({ store, path: folder, batchSize: 20_000 });
    runtime.registerMemory(linkIndexProjection);
    started = performance.now();
    await runtime.start();
    if (!(await runtime.ready(3_600_000))) throw new Error('restart did not catch up within an hour');
    console.log(`restart_from_snapshot_seconds=${seconds(started).toFixed(2)}`);
    await runtime.stop();
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function timeEach(n: number, run: (i: number) => void): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    run(i);
    out[i] = Number(process.hrtime.bigint() - t0) / 1000; // µs
  }
  return out.sort();
}

/**
 * CPU time of this process per call (µs): on a machine shared with other jobs, a wall-clock p99 of
 * a sub-millisecond call mostly measures the scheduler (a call that spans a preemption); the CPU
 * time p99 is the call's own cost (garbage collection on other threads included).
 */
function cpuEach(n: number, run: (i: number) => void): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const before = process.cpuUsage();
    run(i);
    const spent = process.cpuUsage(before);
    out[i] = spent.user + spent.system;
  }
  return out.sort();
}

function report(name: string, sorted: Float64Array, unit: 'us' | 'ms'): void {
  const scale = unit === 'us' ? 1 : 1 / 1000;
  const digits = unit === 'us' ? 2 : 3;
  console.log(`${name}_p50_${unit}=${(quantile(sorted, 0.5) * scale).toFixed(digits)}`);
  console.log(`${name}_p99_${unit}=${(quantile(sorted, 0.99) * scale).toFixed(digits)}`);
}

function inProcess(readers: Readers, nins: string[], contracts: string[]): void {
  const index = readers.linkIndex!;
  const random = lcg(7);
  const pairs = Array.from({ length: SAMPLES }, () => ({
    nin: nins[Math.floor(random() * nins.length)]!,
    at: randomDate(random),
  }));
  // Warm the JIT the same way for every run.
  for (let i = 0; i < Math.min(SAMPLES, 20_000); i++) {
    gpAt(index, pairs[i]!.nin, pairs[i]!.at);
    personGp(readers, pairs[i]!.nin, { at: pairs[i]!.at, today: TODAY });
  }
  let found = 0;
  const link = timeEach(SAMPLES, (i) => {
    if (gpAt(index, pairs[i]!.nin, pairs[i]!.at)) found++;
  });
  console.log(`gp_at_samples=${SAMPLES}`);
  console.log(`gp_at_found_share=${(found / SAMPLES).toFixed(3)}`);
  report('gp_at', link, 'us');
  const withDoctors = timeEach(SAMPLES, (i) => {
    personGp(readers, pairs[i]!.nin, { at: pairs[i]!.at, today: TODAY });
  });
  report('gp_at_with_doctors', withDoctors, 'us');
  report(
    'history',
    timeEach(SAMPLES, (i) => {
      history(index, pairs[i]!.nin);
    }),
    'us',
  );

  const lists = Array.from({ length: 4_000 }, () => ({
    c: contracts[Math.floor(random() * contracts.length)]!,
    at: randomDate(random),
  }));
  let rows = 0;
  for (let i = 0; i < 500; i++) listAt(index, lists[i]!.c, lists[i]!.at);
  const listTimes = timeEach(lists.length, (i) => {
    rows += listAt(index, lists[i]!.c, lists[i]!.at).items.length;
  });
  console.log(`list_at_avg_rows=${Math.round(rows / lists.length)}`);
  report('list_at', listTimes, 'ms');
  report(
    'list_at_cpu',
    cpuEach(lists.length, (i) => {
      listAt(index, lists[i]!.c, lists[i]!.at);
    }),
    'ms',
  );
  const columns = new ListColumns();
  const days = lists.map((l) => dayNumber(l.at));
  report(
    'list_at_columns',
    timeEach(lists.length, (i) => {
      listColumnsAt(index, lists[i]!.c, days[i]!, undefined, columns);
    }),
    'ms',
  );
  report(
    'list_at_columns_cpu',
    cpuEach(lists.length, (i) => {
      listColumnsAt(index, lists[i]!.c, days[i]!, undefined, columns);
    }),
    'ms',
  );

  const batches = Array.from({ length: 200 }, (_, b) => pairs.slice(b * 1000, (b + 1) * 1000));
  report(
    'batch_1000_links',
    timeEach(batches.length, (b) => {
      gpAtBatch(index, batches[b]!);
    }),
    'ms',
  );
  report(
    'batch_1000_links_cpu',
    cpuEach(batches.length, (b) => {
      gpAtBatch(index, batches[b]!);
    }),
    'ms',
  );
  report(
    'batch_1000_answers',
    timeEach(batches.length, (b) => {
      gpAtTimeBatch(readers, batches[b]!, { today: TODAY });
    }),
    'ms',
  );
}

async function http(dir: string, nins: string[]): Promise<void> {
  const server = fork(fileURLToPath(new URL('./bench-queries-server.js', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (m) => resolve((m as { port: number }).port));
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  try {
    await httpLoad(port, nins);
  } finally {
    server.kill();
  }
}

async function httpLoad(port: number, nins: string[]): Promise<void> {
  const random = lcg(11);
  const paths = Array.from(
    { length: 50_000 },
    () => `/v1/persons/${nins[Math.floor(random() * nins.length)]}/gp?at=${randomDate(random)}`,
  );
  const specifier = 'autocannon'; // untyped package: typed locally below
  const autocannon = ((await import(specifier)) as { default: Autocannon }).default;
  let next = 0;
  const run = (seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      duration: seconds,
      requests: [
        { setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[next++ % paths.length] }) },
      ],
    });
  const probe = await fetch(`http://127.0.0.1:${port}${paths[0]}`);
  if (probe.status !== 200 && probe.status !== 404)
    throw new Error(`probe answered ${probe.status}: ${await probe.text()}`);
  await run(2); // warm-up
  const result = await run(HTTP_SECONDS);
  // The framework's own ceiling on this machine: the same server's endpoint that answers nothing.
  const baseline = await autocannon({
    url: `http://127.0.0.1:${port}/bench/no-op`,
    connections: 50,
    duration: HTTP_SECONDS,
    requests: [{ setupRequest: (req: Record<string, unknown>) => req }],
  });
  console.log(`http_baseline_req_per_s=${Math.round(baseline.requests.average)}`);
  console.log(`http_baseline_p99_ms=${baseline.latency.p99}`);
  console.log(`http_requests=${result.requests.total}`);
  console.log(`http_non_2xx=${result.non2xx - countNoGp(result)}`);
  console.log(`http_req_per_s=${Math.round(result.requests.average)}`);
  console.log(`http_gp_at_p50_ms=${result.latency.p50}`);
  console.log(`http_gp_at_p99_ms=${result.latency.p99}`);
  console.log(`http_gp_at_vs_no_op=${(result.requests.average / baseline.requests.average).toFixed(3)}`);
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
}) => Promise<AutocannonResult>;

/** 404 NO_GP for a date before someone's first list is a correct answer, not an error. */
function countNoGp(result: { statusCodeStats?: Record<string, { count: number }> }): number {
  return result.statusCodeStats?.['404']?.count ?? 0;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'read-side-bench-'));
  try {
    console.log(`bench_persons=${PERSONS}`);
    const sample = await buildLogOnce(dir, PERSONS);
    console.log(`log_events=${sample.events}`);
    console.log(`contracts=${sample.contracts.length}`);
    await rebuild(dir, sample.events);
    const readSide = await openReadSide(dir);
    inProcess(readSide.readers, sample.nins, sample.contracts);
    await readSide.close();
    await http(dir, sample.nins);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
