/**
 * EventStoreDB test server read bench (npm run bench:esdb-read): prints name=value lines.
 *   esdb_readall_events_per_s   readAll forwards from the start through the test server and the
 *                               official client (gRPC, insecure), median of BENCH_PASSES passes
 *   store_readall_events_per_s  the same-run baseline: readAll of the same store through the port
 *   esdb_vs_store_ratio         esdb_readall_events_per_s / store_readall_events_per_s
 *   loadavg_1m                  machine load at the start
 * BENCH_EVENTS sets the data (default 200,000); BENCH_PASSES the passes (default 3). Data lives in a
 * temp dir, removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, START } from '@eventstore/db-client';
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

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'esdb-bench-read-'));
  const store = await openEmbeddedEventStore({ path: dir });
  const server = await startEsdbTestServer({ store });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    for (let n = 0; n < total; n += 1000) {
      const batch = Array.from({ length: Math.min(1000, total - n) }, (_, i) => event(n + i));
      await store.appendToStream(`bench-${n / 1000}`, batch);
    }
    const viaEsdb: number[] = [];
    const viaStore: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      let started = performance.now();
      let count = 0;
      for await (const _ of client.readAll({
        fromPosition: START,
        direction: 'forwards',
        maxCount: total * 2,
      }))
        count++;
      viaEsdb.push(count / ((performance.now() - started) / 1000));
      if (count < total) throw new Error(`readAll returned ${count} events, expected at least ${total}`);
      started = performance.now();
      count = 0;
      for await (const _ of store.readAll({ maxCount: total * 2 })) count++;
      viaStore.push(count / ((performance.now() - started) / 1000));
    }
    const esdb = median(viaEsdb);
    const base = median(viaStore);
    process.stdout.write(`esdb_readall_events_per_s=${Math.round(esdb)}\n`);
    process.stdout.write(`store_readall_events_per_s=${Math.round(base)}\n`);
    process.stdout.write(`esdb_vs_store_ratio=${(esdb / base).toFixed(3)}\n`);
    process.stdout.write(`loadavg_1m=${load.toFixed(2)}\n`);
  } finally {
    await client.dispose();
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-esdb-read failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
