/**
 * Projection throughput: writes BENCH_EVENTS events (default 1M) to a temporary embedded store,
 * measures the raw readAll decode rate, then runs a trivial projection (events counted per stream
 * category) from scratch with transactional checkpoints, and prints `name=value` lines.
 *
 *   npm run build && node dist/scripts/bench-projection.js
 *   BENCH_EVENTS=200000 BENCH_BATCH=5000 node dist/scripts/bench-projection.js
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventData, type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { defineProjection, ProjectionRuntime } from '@flr/projection-runtime';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const APPEND = 1000;
const CATEGORIES = ['person', 'contract', 'gp', 'municipality'];

async function writeLog(store: EventStore): Promise<bigint> {
  let head = 0n;
  for (let written = 0, append = 0; written < EVENTS; append++) {
    const size = Math.min(APPEND, EVENTS - written);
    const events: EventData[] = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      type: 'PatientListed',
      data: {
        personId: `p${written + i}`,
        contractId: `c${(written + i) % 5600}`,
        effectiveFrom: '2024-01-01',
      },
    }));
    ({ position: head } = await store.appendToStream(`${CATEGORIES[append % 4]}-${append}`, events));
    written += size;
  }
  return head;
}

const countPerCategory = defineProjection({
  name: 'bench-count',
  version: 1,
  evolve(tx, event) {
    const category = event.stream.slice(0, event.stream.indexOf('-'));
    tx.put(category, (tx.get<number>(category) ?? 0) + 1);
  },
});

function rate(events: number, startedAt: number): number {
  return Math.round(events / ((performance.now() - startedAt) / 1000));
}

/** Events per second of this process's CPU time: steadier than wall time on a shared machine. */
function cpuRate(events: number, since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round(events / ((used.user + used.system) / 1e6));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flr-bench-projection-'));
  const store = await openEmbeddedEventStore({ path: join(dir, 'events') });
  try {
    let startedAt = performance.now();
    const head = await writeLog(store);
    console.log(`projection_bench_events=${EVENTS}`);
    console.log(`projection_bench_write_events_per_s=${rate(EVENTS, startedAt)}`);

    startedAt = performance.now();
    let cpu = process.cpuUsage();
    let read = 0;
    for await (const _ of store.readAll()) read++;
    const raw = rate(read, startedAt);
    const rawCpu = cpuRate(read, cpu);

    const runtime = new ProjectionRuntime({ store, path: join(dir, 'readmodels'), batchSize: BATCH });
    runtime.register(countPerCategory);
    startedAt = performance.now();
    cpu = process.cpuUsage();
    await runtime.start();
    if (!(await runtime.waitFor(head, 3_600_000))) throw new Error('projection did not reach the head');
    const applied = rate(EVENTS, startedAt);
    const appliedCpu = cpuRate(EVENTS, cpu);
    const counted = CATEGORIES.reduce(
      (sum, c) => sum + (runtime.reader('bench-count').get<number>(c) ?? 0),
      0,
    );
    await runtime.stop();
    if (counted !== EVENTS) throw new Error(`projection counted ${counted} of ${EVENTS} events`);

    console.log(`projection_batch_size=${BATCH}`);
    console.log(`projection_raw_baseline_events_per_s=${raw}`);
    console.log(`projection_apply_events_per_s=${applied}`);
    console.log(`projection_apply_to_raw_ratio=${(applied / raw).toFixed(3)}`);
    console.log(`projection_raw_baseline_cpu_events_per_s=${rawCpu}`);
    console.log(`projection_apply_cpu_events_per_s=${appliedCpu}`);
    console.log(`projection_bench_load_average_1m=${loadavg()[0]!.toFixed(2)}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
