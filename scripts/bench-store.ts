/**
 * Event-store bench (npm run bench:store): prints name=value lines.
 *   append_batch_events_per_s               batches of 100 events, 16 batches in flight (group commit)
 *   append_single_durable_per_s             one event per append, sequential, each durable before the next
 *   append_single_durable_concurrent_per_s  one event per append, 50 concurrent appenders (group commit)
 *   replay_events_per_s                     read and decode every event of $all through the port (for await)
 *   replay_sync_events_per_s                the same through the embedded store's synchronous iteration
 *   subscription_catchup_events_per_s       a $all catch-up subscription from the start until caughtUp
 *   raw_lmdb_range_per_s                    plain lmdb getRange over the same log, same run
 *   replay_vs_raw_ratio                     replay_events_per_s / raw_lmdb_range_per_s
 *   loadavg_1m, cpu_share                   context: machine load at the start, this process's CPU time / wall time
 * BENCH_EVENTS scales the data (default 1,000,000); replay and raw reads alternate BENCH_PASSES times
 * (default 3) and report their best pass. Data lives in a temp dir, removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventData, openEmbeddedEventStoreImpl } from '@flr/event-store';
import { open } from 'lmdb';

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = 100;
const IN_FLIGHT = 16;
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

function event(n: number): EventData {
  return {
    id: randomUUID(),
    type: n % 3 === 0 ? 'PatientListed' : 'PatientUnlisted',
    data: {
      personId: `p${n}`,
      contractId: `c${n % 5600}`,
      effectiveFrom: '2024-02-01',
      reason: 'CHANGE',
      municipality: '0301',
    },
    metadata: { actor: 'bench' },
  };
}

function print(name: string, value: number): void {
  console.log(`${name}=${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 3 : 0)}`);
}

async function timed(work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const count = await work();
  return count / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  print('loadavg_1m', loadavg()[0]!);
  const dir = mkdtempSync(join(tmpdir(), 'flr-bench-store-'));
  try {
    let store = await openEmbeddedEventStoreImpl({ path: dir });
    const batches = Math.ceil(total / BATCH);
    print(
      'append_batch_events_per_s',
      await timed(async () => {
        let next = 0;
        const lane = async () => {
          for (let b = next++; b < batches; b = next++) {
            const events = Array.from({ length: BATCH }, (_, i) => event(b * BATCH + i));
            await store.appendToStream(`person-${b % 50_000}`, events);
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
        return batches * BATCH;
      }),
    );
    const singles = Math.max(200, Math.min(3_000, Math.floor(total / 300)));
    print(
      'append_single_durable_per_s',
      await timed(async () => {
        for (let i = 0; i < singles; i++) await store.appendToStream(`single-${i % 100}`, [event(i)]);
        return singles;
      }),
    );
    const concurrent = singles * 5;
    print(
      'append_single_durable_concurrent_per_s',
      await timed(async () => {
        let next = 0;
        const lane = async (l: number) => {
          while (next++ < concurrent) await store.appendToStream(`concurrent-${l}`, [event(next)]);
        };
        await Promise.all(Array.from({ length: 50 }, (_, l) => lane(l)));
        return concurrent;
      }),
    );
    await store.close();

    // Replay and raw reads alternate and each keeps its best pass, so a busy machine skews both alike.
    store = await openEmbeddedEventStoreImpl({ path: dir });
    const env = open({ path: dir, maxDbs: 8, noSubdir: false, overlappingSync: false });
    const log = env.openDB<{ s: string }, number>({
      name: 'log',
      sharedStructuresKey: Symbol.for('structures'),
    });
    let replay = 0;
    let replaySync = 0;
    let raw = 0;
    let catchUp = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      raw = Math.max(
        raw,
        await timed(async () => {
          let n = 0;
          for (const { key, value } of log.getRange({ start: 1 })) if (key > 0 && value.s) n++;
          return n;
        }),
      );
      replay = Math.max(
        replay,
        await timed(async () => {
          let n = 0;
          for await (const recorded of store.readAll()) if (recorded.position > 0n) n++;
          return n;
        }),
      );
      replaySync = Math.max(
        replaySync,
        await timed(async () => {
          let n = 0;
          for (const recorded of store.readAll()) if (recorded.position > 0n) n++;
          return n;
        }),
      );
      catchUp = Math.max(
        catchUp,
        await timed(async () => {
          let n = 0;
          const subscription = store.subscribeToAll();
          for await (const message of subscription) {
            if (message.kind === 'event') n++;
            else if (message.kind === 'caughtUp') break;
          }
          return n;
        }),
      );
    }
    await env.close();
    await store.close();

    print('replay_events_per_s', replay);
    print('replay_sync_events_per_s', replaySync);
    print('subscription_catchup_events_per_s', catchUp);
    print('raw_lmdb_range_per_s', raw);
    print('replay_vs_raw_ratio', replay / raw);
    const cpu = process.cpuUsage(cpuAtStart);
    print('cpu_share', (cpu.user + cpu.system) / 1000 / (performance.now() - started));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
