/**
 * Query latency and HTTP throughput of the read side over a synthetic register.
 *
 *   npm run bench:queries                      (1M persons: BENCH_PERSONS scales it down)
 *   BENCH_PERSONS=100000 node dist/scripts/bench-queries.js
 *   BENCH_DIR=/tmp/flr-bench node dist/scripts/bench-queries.js   (reuse the loaded read models)
 *
 * Folds `generateHistory` (libs/testing) through the real projections into an LMDB environment
 * (large transactions, no event log in between: the queries are what is measured), then prints
 * `name=value` lines: in-process point-in-time lookups, patients of a list at a date, gp-history,
 * and HTTP GET /v1/persons/{nin}/gp?at= under autocannon (50 connections, loopback) against the
 * QueriesModule served from a child process reading the same LMDB files.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedEvent } from '@flr/event-store';
import { allProjections, findPerson, historyOf, patientsAt, personGp, type Readers } from '@flr/projections';
import { generateHistory } from '@flr/testing';
import { openReadModels, READ_MODELS } from './bench-read-models';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const TODAY = '2026-11-22';

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
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

async function load(dir: string): Promise<{ nins: string[]; contracts: string[]; events: number }> {
  const models = openReadModels(dir, false);
  const defs = allProjections.filter((d) => READ_MODELS.includes(d.name));
  const nins: string[] = [];
  const contracts = new Set<string>();
  const started = performance.now();
  let batch: RecordedEvent[] = [];
  let position = 0n;
  const flush = () => {
    models.env.transactionSync(() => {
      for (const event of batch)
        for (const def of defs)
          if (!def.eventTypes || def.eventTypes.includes(event.type)) def.evolve(models.tx[def.name], event);
    });
    batch = [];
  };
  for (const e of generateHistory({ persons: PERSONS, seed: 'bench-queries' })) {
    position += 1n;
    if (e.type === 'PersonRegistered') nins.push(e.data.nin);
    if (e.type === 'ContractCreated') contracts.add(e.data.contractId);
    batch.push({
      id: e.id,
      type: e.type,
      data: e.data,
      metadata: e.metadata,
      stream: e.stream,
      revision: 0n,
      position,
      recordedAt: new Date(e.metadata.registeredAt),
      isJson: true,
    });
    if (batch.length === 20_000) flush();
  }
  flush();
  const seconds = (performance.now() - started) / 1000;
  console.log(`load_events=${position}`);
  console.log(`load_seconds=${seconds.toFixed(1)}`);
  console.log(`load_events_per_s=${Math.round(Number(position) / seconds)}`);
  await models.close();
  return { nins, contracts: [...contracts], events: Number(position) };
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

function inProcess(readers: Readers, nins: string[], contracts: string[]): void {
  const random = lcg(7);
  const pairs = Array.from({ length: SAMPLES }, () => ({
    nin: nins[Math.floor(random() * nins.length)],
    at: randomDate(random),
  }));
  let found = 0;
  // Warm the page cache and the JIT the same way for every run.
  for (let i = 0; i < Math.min(SAMPLES, 20_000); i++)
    personGp(readers, pairs[i].nin, { at: pairs[i].at, today: TODAY });
  const gpAt = timeEach(SAMPLES, (i) => {
    if (personGp(readers, pairs[i].nin, { at: pairs[i].at, today: TODAY }).kind === 'found') found++;
  });
  console.log(`gp_at_samples=${SAMPLES}`);
  console.log(`gp_at_found_share=${(found / SAMPLES).toFixed(3)}`);
  console.log(`gp_at_p50_us=${quantile(gpAt, 0.5).toFixed(2)}`);
  console.log(`gp_at_p99_us=${quantile(gpAt, 0.99).toFixed(2)}`);

  const history = timeEach(SAMPLES, (i) => {
    const person = findPerson(readers.linkHistory, pairs[i].nin);
    if (person) historyOf(person);
  });
  console.log(`history_p50_us=${quantile(history, 0.5).toFixed(2)}`);
  console.log(`history_p99_us=${quantile(history, 0.99).toFixed(2)}`);

  const lists = Array.from({ length: 2_000 }, () => ({
    c: contracts[Math.floor(random() * contracts.length)],
    at: randomDate(random),
  }));
  let rows = 0;
  const listAt = timeEach(lists.length, (i) => {
    rows += patientsAt(readers.linkHistory, lists[i].c, lists[i].at, { limit: 10_000, today: TODAY }).items
      .length;
  });
  console.log(`list_at_avg_rows=${Math.round(rows / lists.length)}`);
  console.log(`list_at_p50_ms=${(quantile(listAt, 0.5) / 1000).toFixed(3)}`);
  console.log(`list_at_p99_ms=${(quantile(listAt, 0.99) / 1000).toFixed(3)}`);
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
  // The framework's own ceiling on this machine: an endpoint that does no read-model work.
  const baseline = await autocannon({
    url: `http://127.0.0.1:${port}/v1/admin/projections`,
    connections: 50,
    duration: Math.max(3, Math.round(HTTP_SECONDS / 2)),
    requests: [{ setupRequest: (req: Record<string, unknown>) => req }],
  });
  console.log(`http_baseline_req_per_s=${Math.round(baseline.requests.average)}`);
  console.log(`http_baseline_p99_ms=${baseline.latency.p99}`);
  console.log(`http_requests=${result.requests.total}`);
  console.log(`http_non_2xx=${result.non2xx - countNoGp(result)}`);
  console.log(`http_req_per_s=${Math.round(result.requests.average)}`);
  console.log(`http_gp_at_p50_ms=${result.latency.p50}`);
  console.log(`http_gp_at_p99_ms=${result.latency.p99}`);
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

/**
 * BENCH_DIR keeps the loaded read models between runs (loaded once per BENCH_PERSONS), so repeated
 * runs measure the queries only.
 */
async function loadOnce(dir: string): Promise<{ nins: string[]; contracts: string[] }> {
  const sample = join(dir, `sample-${PERSONS}.json`);
  if (existsSync(sample)) return JSON.parse(readFileSync(sample, 'utf8'));
  const { nins, contracts } = await load(dir);
  writeFileSync(sample, JSON.stringify({ nins, contracts }));
  return { nins, contracts };
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'flr-bench-queries-'));
  try {
    console.log(`bench_persons=${PERSONS}`);
    const { nins, contracts } = await loadOnce(dir);
    console.log(`contracts=${contracts.length}`);
    const models = openReadModels(dir, true);
    inProcess(models.readers, nins, contracts);
    await models.close();
    await http(dir, nins);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
