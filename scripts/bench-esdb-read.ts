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
 * BENCH_EVENTS sets the data (default 200,000); BENCH_PASSES the passes (default 3). Data lives in a
 * temp dir, removed at the end.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EventStoreDBClient, START } from '@eventstore/db-client';
import type * as Grpc from '@grpc/grpc-js';
import { type EventData, openEmbeddedEventStore } from '@flr/event-store';
import { startEsdbTestServer } from '@flr/esdb-test-server';

const total = Number(process.env.BENCH_EVENTS ?? 200_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

function event(n: number): EventData {
  return {
    id: randomUUID(),
    type: n % 3 === 0 ? 'PatientListed' : 'PatientUnlisted',
    data: {
      personId: `p${n}`,
      contractId: `c${n % 5600}`,
      effectiveFrom: '2024-02-01',
      municipality: '0301',
    },
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

/** One readAll forwards from the start through the official client: rate and CPU per event. */
async function readAllRun(connectionString: string, serverPid?: number): Promise<ReadRun> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    const serverCpu = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let count = 0;
    for await (const _ of client.readAll({ fromPosition: START, direction: 'forwards', maxCount: total * 2 }))
      count++;
    const rate = count / ((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    const serverAfter = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
    if (count < total) throw new Error(`readAll returned ${count} events, expected at least ${total}`);
    return {
      perSecond: rate,
      clientCpuUs: (used.user + used.system) / count,
      serverCpuUs:
        serverCpu === undefined || serverAfter === undefined
          ? undefined
          : ((serverAfter - serverCpu) * 1e6) / count,
    };
  } finally {
    await client.dispose();
  }
}

const require = createRequire(import.meta.url);
const grpc: typeof Grpc = require('@grpc/grpc-js');
// The client's own generated classes (CommonJS), as the test server loads them (libs/esdb-test-server/src/proto.ts).
const streamsPb = require('@eventstore/db-client/generated/streams_pb.js');
const sharedPb = require('@eventstore/db-client/generated/shared_pb.js');

/** ReadReq for `$all` forwards from the start, no filter, at most `count` events (as the client builds it). */
function readAllRequest(count: number) {
  const { ReadReq } = streamsPb;
  const options = new ReadReq.Options();
  const all = new ReadReq.Options.AllOptions();
  all.setStart(new sharedPb.Empty());
  options.setAll(all);
  options.setReadDirection(ReadReq.Options.ReadDirection.FORWARDS);
  options.setResolveLinks(false);
  options.setCount(String(count));
  options.setNoFilter(new sharedPb.Empty());
  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new sharedPb.Empty());
  options.setUuidOption(uuid);
  const control = new ReadReq.Options.ControlOption();
  control.setCompatibility(1);
  options.setControlOption(control);
  const request = new ReadReq();
  request.setOptions(options);
  return request;
}

/**
 * readAll through a bare grpc-js stream whose responses stay bytes: a ReadResp whose first byte is the
 * tag of field 1 (`event`, length-delimited: 0x0a) is counted as an event, nothing is decoded.
 */
async function serverAloneRun(connectionString: string, serverPid: number): Promise<ReadRun> {
  const address = /^esdb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(connectionString)![1]!;
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': -1,
  });
  try {
    const serverCpu = processCpuSeconds(serverPid);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const count = await new Promise<number>((resolve, reject) => {
      let events = 0;
      const call = client.makeServerStreamRequest(
        '/event_store.client.streams.Streams/Read',
        (request: { serializeBinary(): Uint8Array }) => Buffer.from(request.serializeBinary()),
        (bytes: Buffer) => bytes,
        readAllRequest(total * 2),
      );
      call.on('data', (bytes: Buffer) => {
        if (bytes[0] === 0x0a) events++;
      });
      call.on('error', reject);
      call.on('end', () => resolve(events));
    });
    const rate = count / ((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    const serverAfter = processCpuSeconds(serverPid);
    if (count < total) throw new Error(`bare readAll returned ${count} events, expected at least ${total}`);
    return {
      perSecond: rate,
      clientCpuUs: (used.user + used.system) / count,
      serverCpuUs:
        serverCpu === undefined || serverAfter === undefined
          ? undefined
          : ((serverAfter - serverCpu) * 1e6) / count,
    };
  } finally {
    client.close();
  }
}

/** The test server as its own process on the bench's data folder; resolves its connection string. */
function startServerProcess(dir: string) {
  const child = spawn(process.execPath, [SERVER_MAIN, '--port', '0', '--data-dir', dir, '--no-seed'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const connectionString = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening: (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited with ${code}: ${out}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { connectionString, stop, pid: child.pid };
}

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'esdb2-bench-read-'));
  try {
    const store = await openEmbeddedEventStore({ path: dir });
    const viaStore: number[] = [];
    const inProcess: number[] = [];
    try {
      for (let n = 0; n < total; n += 1000) {
        const batch = Array.from({ length: Math.min(1000, total - n) }, (_, i) => event(n + i));
        await store.appendToStream(`bench-${n / 1000}`, batch);
      }
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
    const own = startServerProcess(dir);
    const runs: ReadRun[] = [];
    const bare: ReadRun[] = [];
    try {
      const connectionString = await own.connectionString;
      for (let pass = 0; pass < PASSES; pass++) {
        runs.push(await readAllRun(connectionString, own.pid));
        bare.push(await serverAloneRun(connectionString, own.pid!));
      }
    } finally {
      await own.stop();
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
    process.stdout.write(`passes=${PASSES}\n`);
    process.stdout.write(`events=${total}\n`);
    process.stdout.write(`loadavg_1m=${load.toFixed(2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-esdb-read failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
