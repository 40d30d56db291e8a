/**
 * EventStoreDB test server read bench (npm run bench:esdb-read): prints name=value lines.
 *   esdb_readall_events_per_s   readAll forwards from the start through the test server running in
 *                               its own process (`esdb:dev`, as a node runs beside its clients) and
 *                               the official client (gRPC, insecure), median of BENCH_PASSES passes
 *   esdb_inprocess_readall_events_per_s  the same with server and client sharing one process
 *   store_readall_events_per_s  the same-run baseline: readAll of the same store through the port
 *   esdb_vs_store_ratio         esdb_readall_events_per_s / store_readall_events_per_s
 *   client_cpu_us_per_event     CPU time of the client process per event read (median pass)
 *   server_cpu_us_per_event     CPU time of the server process per event served (Linux /proc)
 *   cpu_bound_events_per_s      1e6 / the larger of the two: the rate with one free core per side,
 *                               which wall-clock rates on a shared, loaded machine do not show
 *   loadavg_1m                  machine load at the start
 * The server apart from the official client (each a median of the passes):
 *   server_alone_readall_events_per_s  the same readAll sent by a bare gRPC reader (@grpc/grpc-js, the
 *                               request built with the client's own generated protobuf classes) that
 *                               counts each response's event messages without decoding them: what the
 *                               test server delivers when the reader costs next to nothing
 *   server_alone_server_cpu_us_per_event  the server process's CPU per event in those passes
 *   server_alone_reader_cpu_us_per_event  the bare reader's CPU per event (framing only)
 *   protobuf_reader_readall_events_per_s  the same bare reader decoding every response with the
 *                               client's generated google-protobuf classes (its decoding, no more)
 *   protobuf_reader_cpu_us_per_event      that reader's CPU per event
 * The official client apart from the server: a trivial gRPC server in its own process (no store; one
 * pre-encoded batch of ReadResp frames shaped like the stored events, sent again and again):
 *   client_alone_readall_events_per_s     the official client's readAll of it: what the client
 *                               consumes when the server costs next to nothing
 *   client_alone_cpu_us_per_event         the client process's CPU per event in those passes
 *   client_alone_server_cpu_us_per_event  the trivial server's CPU per event
 *   client_alone_protobuf_cpu_us_per_event the bare decoding reader's CPU per event on the same server
 * BENCH_EVENTS sets the data (default 200,000); BENCH_PASSES the passes (default 3). Data lives in a
 * temp dir, removed at the end.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventStoreDBClient, START } from '@eventstore/db-client';
import { type EventData, openEmbeddedEventStore } from '@flr/event-store';
import { startEsdbTestServer } from '@flr/esdb-test-server';
import { grpcReadAll, startTrivialReadServer } from './esdb-read-probes';

const total = Number(process.env.BENCH_EVENTS ?? 200_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

function dataOf(n: number) {
  return { personId: `p${n}`, contractId: `c${n % 5600}`, effectiveFrom: '2024-02-01', municipality: '0301' };
}

function event(n: number): EventData {
  return {
    id: randomUUID(),
    type: n % 3 === 0 ? 'PatientListed' : 'PatientUnlisted',
    data: dataOf(n),
    metadata: { actor: 'bench' },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const SERVER_MAIN = join(dirname(fileURLToPath(import.meta.url)), '../libs/esdb-test-server/src/main.js');

/** CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface ReadRun {
  readonly perSecond: number;
  /** CPU microseconds per event spent by this (client) process, and by the server process if apart. */
  readonly clientCpuUs: number;
  readonly serverCpuUs: number | undefined;
}

/**
 * Times one read (`read` resolves to the events it got): rate, this process's CPU per event and the
 * serving process's when it runs apart.
 */
async function timedRun(what: string, read: () => Promise<number>, serverPid?: number): Promise<ReadRun> {
  const serverCpu = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const count = await read();
  const rate = count / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  const serverAfter = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  if (count < total) throw new Error(`${what} returned ${count} events, expected at least ${total}`);
  return {
    perSecond: rate,
    clientCpuUs: (used.user + used.system) / count,
    serverCpuUs:
      serverCpu === undefined || serverAfter === undefined
        ? undefined
        : ((serverAfter - serverCpu) * 1e6) / count,
  };
}

/** One readAll forwards from the start through the official client. */
async function readAllRun(connectionString: string, serverPid?: number): Promise<ReadRun> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    return await timedRun(
      'readAll',
      async () => {
        let count = 0;
        for await (const _ of client.readAll({
          fromPosition: START,
          direction: 'forwards',
          maxCount: total * 2,
        }))
          count++;
        return count;
      },
      serverPid,
    );
  } finally {
    await client.dispose();
  }
}

const hostPort = (connectionString: string) => /^esdb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(connectionString)![1]!;

/**
 * readAll through a bare grpc-js stream (esdb-read-probes.ts): rate, the reader's CPU per event and
 * the serving process's. `decode` decodes each response with the client's protobuf classes.
 */
async function bareRun(address: string, decode: boolean, serverPid?: number): Promise<ReadRun> {
  return timedRun('bare readAll', () => grpcReadAll(address, total * 2, decode), serverPid);
}

/** A child process printing `listening: <address>`; resolves that address. */
function startChild(args: readonly string[]) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening: (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { address, stop, pid: child.pid };
}

/** The test server as its own process on the bench's data folder; `address` is its connection string. */
const startServerProcess = (dir: string) =>
  startChild([SERVER_MAIN, '--port', '0', '--data-dir', dir, '--no-seed']);

/** The trivial read server (esdb-read-probes.ts) as its own process: this script with `--trivial-server`. */
const startTrivialProcess = () => startChild([fileURLToPath(import.meta.url), '--trivial-server']);

async function servedTrivially(): Promise<void> {
  const server = await startTrivialReadServer(total, dataOf);
  process.stdout.write(`listening: ${server.address}\n`);
  // Exit at once: closing the server would wait for the readers' HTTP/2 sessions, which a disposed
  // client may keep open (the first version of this probe hung there), and nothing needs a clean stop.
  process.once('SIGTERM', () => process.exit(0));
}

/** Progress on stderr (stdout carries only the name=value lines). */
const step = (what: string) => process.stderr.write(`bench-esdb-read: ${what}\n`);

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'esdb-bench-read-'));
  try {
    const store = await openEmbeddedEventStore({ path: dir });
    const viaStore: number[] = [];
    const inProcess: number[] = [];
    try {
      for (let n = 0; n < total; n += 1000) {
        const batch = Array.from({ length: Math.min(1000, total - n) }, (_, i) => event(n + i));
        await store.appendToStream(`bench-${n / 1000}`, batch);
      }
      step('in-process server');
      const server = await startEsdbTestServer({ store });
      try {
        for (let pass = 0; pass < PASSES; pass++) {
          inProcess.push((await readAllRun(server.connectionString)).perSecond);
          const started = performance.now();
          let count = 0;
          for await (const _ of store.readAll({ maxCount: total * 2 })) count++;
          viaStore.push(count / ((performance.now() - started) / 1000));
        }
      } finally {
        await server.close();
      }
    } finally {
      await store.close();
    }
    step('server process');
    const own = startServerProcess(dir);
    const runs: ReadRun[] = [];
    const bare: ReadRun[] = [];
    const decoded: ReadRun[] = [];
    try {
      const connectionString = await own.address;
      for (let pass = 0; pass < PASSES; pass++) {
        runs.push(await readAllRun(connectionString, own.pid));
        step(`pass ${pass + 1}: bare readers`);
        bare.push(await bareRun(hostPort(connectionString), false, own.pid));
        decoded.push(await bareRun(hostPort(connectionString), true, own.pid));
      }
    } finally {
      await own.stop();
    }
    step('trivial server process');
    const trivial = startTrivialProcess();
    const clientAlone: ReadRun[] = [];
    const trivialDecoded: ReadRun[] = [];
    try {
      const address = await trivial.address;
      for (let pass = 0; pass < PASSES; pass++) {
        clientAlone.push(await readAllRun(`esdb://${address}?tls=false`, trivial.pid));
        trivialDecoded.push(await bareRun(address, true, trivial.pid));
      }
    } finally {
      await trivial.stop();
    }
    const esdb = median(runs.map((r) => r.perSecond));
    const clientCpu = median(runs.map((r) => r.clientCpuUs));
    const serverCpus = runs.flatMap((r) => (r.serverCpuUs === undefined ? [] : [r.serverCpuUs]));
    const base = median(viaStore);
    process.stdout.write(`esdb_readall_events_per_s=${Math.round(esdb)}\n`);
    process.stdout.write(`esdb_inprocess_readall_events_per_s=${Math.round(median(inProcess))}\n`);
    process.stdout.write(`store_readall_events_per_s=${Math.round(base)}\n`);
    process.stdout.write(`esdb_vs_store_ratio=${(esdb / base).toFixed(3)}\n`);
    // Load-independent: CPU per event on each side; one free core per side reaches 1e6 / the larger.
    process.stdout.write(`client_cpu_us_per_event=${clientCpu.toFixed(2)}\n`);
    if (serverCpus.length > 0) {
      const serverCpu = median(serverCpus);
      process.stdout.write(`server_cpu_us_per_event=${serverCpu.toFixed(2)}\n`);
      process.stdout.write(`cpu_bound_events_per_s=${Math.round(1e6 / Math.max(clientCpu, serverCpu))}\n`);
    }
    process.stdout.write(
      `server_alone_readall_events_per_s=${Math.round(median(bare.map((r) => r.perSecond)))}\n`,
    );
    const bareServer = bare.flatMap((r) => (r.serverCpuUs === undefined ? [] : [r.serverCpuUs]));
    if (bareServer.length > 0)
      process.stdout.write(`server_alone_server_cpu_us_per_event=${median(bareServer).toFixed(2)}\n`);
    process.stdout.write(
      `server_alone_reader_cpu_us_per_event=${median(bare.map((r) => r.clientCpuUs)).toFixed(2)}\n`,
    );
    const rate = (passes: ReadRun[]) => Math.round(median(passes.map((r) => r.perSecond)));
    const readerUs = (passes: ReadRun[]) => median(passes.map((r) => r.clientCpuUs)).toFixed(2);
    const serverUs = (passes: ReadRun[]) =>
      median(passes.flatMap((r) => (r.serverCpuUs === undefined ? [] : [r.serverCpuUs]))).toFixed(2);
    process.stdout.write(`protobuf_reader_readall_events_per_s=${rate(decoded)}\n`);
    process.stdout.write(`protobuf_reader_cpu_us_per_event=${readerUs(decoded)}\n`);
    process.stdout.write(`client_alone_readall_events_per_s=${rate(clientAlone)}\n`);
    process.stdout.write(`client_alone_cpu_us_per_event=${readerUs(clientAlone)}\n`);
    process.stdout.write(`client_alone_server_cpu_us_per_event=${serverUs(clientAlone)}\n`);
    process.stdout.write(`client_alone_protobuf_cpu_us_per_event=${readerUs(trivialDecoded)}\n`);
    process.stdout.write(`passes=${PASSES}\n`);
    process.stdout.write(`events=${total}\n`);
    process.stdout.write(`loadavg_1m=${load.toFixed(2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv[2] === '--trivial-server' ? servedTrivially() : main()).catch((error: unknown) => {
  process.stderr.write(`bench-esdb-read failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
