/**
 * bench:soak — mixed reads and writes against the register on loopback for N minutes (embedded
 * store in a temporary folder, authentication off). Writers register persons and change their
 * GPs, each command with its own commandId as a careful client sends it, and now and then resend an
 * earlier command (idempotency: the same answer, nothing written); readers ask point-in-time,
 * history and list questions. Prints name=value lines: throughput, p50/p99 latency (also per kind
 * of request) and RSS for the first, middle and last third of the run, and where the memory sits at
 * the end of each third (JS heap after a full GC, native buffers), so growth can be told apart: the first third is warm-up, `rss_growth_pct` compares the end with the middle. At the end:
 * how many command outcomes the writer holds in memory, and resends answered otherwise than the first
 * time (must be 0).
 *
 *   npm run bench:soak -- --minutes 10 [--connections 16]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor } from '@flr/application';
import { makeNin } from '@flr/domain';
import { createApp } from '../apps/registry-api/src/bootstrap';
import { residentKinds } from './resident-memory';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

async function main(): Promise<void> {
  const minutes = arg('minutes', 10);
  const connections = arg('connections', 16);
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  process.env.FLR_DATA_DIR = dir;
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (method: string, path: string, body?: unknown): Promise<number> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await r.arrayBuffer();
    return r.status;
  };
  /**
   * A uniform sample (reservoir) of the commands sent with a commandId and their first answer's
   * status, to resend: bounded, so the benchmark's own memory does not grow with the run.
   */
  const sent: { path: string; body: Record<string, unknown>; status: number }[] = [];
  const SAMPLE = 1000;
  let commandSerial = 0;
  let resends = 0;
  let resendMismatches = 0;
  const command = async (path: string, body: Record<string, unknown>): Promise<number> => {
    const withId = { ...body, commandId: `soak-${++commandSerial}` };
    const status = await call('POST', path, withId);
    if (status < 500) {
      const entry = { path, body: withId, status };
      if (sent.length < SAMPLE) sent.push(entry);
      else {
        const slot = Math.floor(Math.random() * commandSerial);
        if (slot < SAMPLE) sent[slot] = entry;
      }
    }
    return status;
  };
  /** An earlier command again: the first answer's status, nothing written (API.md idempotency). */
  const resend = async (k: number): Promise<number> => {
    const first = sent[k % sent.length]!;
    const status = await call('POST', first.path, first.body);
    resends += 1;
    if (status !== first.status) resendMismatches += 1;
    return status;
  };
  const lists = ['S-1', 'S-2', 'S-3', 'S-4'];
  for (const contractId of lists)
    await call('POST', '/v1/contracts', {
      contractId,
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 5000,
      validFrom: '2001-06-01',
    });

  const persons: string[] = [];
  let serial = 0;
  /** Distinct valid fødselsnummer (1940-1999, individual numbers 0-499), skipping impossible check digits. */
  const nextNin = (): string => {
    for (;;) {
      serial += 1;
      const day = 1 + (serial % 28);
      const year = 1940 + (Math.floor(serial / 28) % 60);
      const individual = Math.floor(serial / 1680) % 500;
      const nin = makeNin(`${year}-01-${String(day).padStart(2, '0')}`, individual);
      if (nin) return nin;
    }
  };

  const errorStatuses = new Map<number, number>();
  const durationMs = minutes * 60_000;
  const started = Date.now();
  const thirds: {
    latencies: number[];
    byKind: Map<string, number[]>;
    ok: number;
    errors: number;
    rss: number[];
  }[] = [0, 1, 2].map(() => ({
    latencies: [],
    byKind: new Map(),
    ok: 0,
    errors: 0,
    rss: [],
  }));
  const sampler = setInterval(() => {
    const third = Math.min(2, Math.floor(((Date.now() - started) / durationMs) * 3));
    thirds[third]?.rss.push(process.memoryUsage().rss);
  }, 1000);
  /** At the end of each third: the JS heap after a full collection (when node runs with --expose-gc). */
  const heaps: { heap: number; external: number; anon: number; file: number }[] = [];
  const heapAt = (k: number) =>
    setTimeout(
      () => {
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        heaps[k] = { heap: m.heapUsed, external: m.external, ...residentKinds() };
      },
      Math.max(0, ((k + 1) * durationMs) / 3 - 2000),
    );
  const heapTimers = [0, 1, 2].map(heapAt);

  const worker = async (w: number): Promise<void> => {
    let i = 0;
    while (Date.now() - started < durationMs) {
      i += 1;
      const pick = (w + i) % 10;
      let op: Promise<number>;
      let kind: string;
      const t0 = performance.now();
      if (pick === 0 || persons.length < 20) {
        kind = 'register_assign';
        const nin = nextNin();
        op = command('/v1/persons', { nin, municipality: '0301' }).then(async (s) => {
          if (s < 300) {
            persons.push(nin);
            return command('/v1/assignments', { nin, contractId: lists[serial % lists.length] });
          }
          return s;
        });
      } else {
        const nin = persons[(i * 7919 + w) % persons.length] as string;
        if (pick === 1 && i % 4 === 0) {
          kind = 'resend';
          op = resend(i * 7919 + w);
        } else if (pick === 1) {
          kind = 'gp_change';
          op = command(`/v1/persons/${nin}/gp-changes`, { contractId: lists[i % lists.length] });
        } else if (pick < 6) {
          kind = 'gp_at';
          op = call('GET', `/v1/persons/${nin}/gp?at=2024-0${1 + (i % 9)}-15`);
        } else if (pick < 8) {
          kind = 'gp_history';
          op = call('GET', `/v1/persons/${nin}/gp-history`);
        } else {
          kind = 'list_patients';
          op = call('GET', `/v1/contracts/${lists[i % lists.length]}/patients?limit=100`);
        }
      }
      const status = await op.catch(() => 599);
      const k = Math.min(2, Math.floor(((Date.now() - started) / durationMs) * 3));
      const third = thirds[k];
      if (!third) continue;
      const ms = performance.now() - t0;
      third.latencies.push(ms);
      const byKind = third.byKind.get(kind) ?? [];
      byKind.push(ms);
      third.byKind.set(kind, byKind);
      // 409 (a refused GP change: yearly limit, same list) and 404 (no GP on that date, or a person
      // the read models have not caught up with yet) are answers, not errors; error_statuses lists them too.
      if (status === 404 || status === 409) errorStatuses.set(status, (errorStatuses.get(status) ?? 0) + 1);
      if (status < 300 || status === 409 || status === 404) third.ok += 1;
      else {
        third.errors += 1;
        errorStatuses.set(status, (errorStatuses.get(status) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  clearInterval(sampler);
  for (const timer of heapTimers) clearTimeout(timer);

  const names = ['start', 'middle', 'end'];
  const secondsPerThird = durationMs / 3000;
  console.log(`minutes=${minutes}`);
  console.log(`connections=${connections}`);
  console.log(`persons_registered=${persons.length}`);
  thirds.forEach((t, k) => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    const rss = t.rss.length ? t.rss[t.rss.length - 1] : process.memoryUsage().rss;
    console.log(`${names[k]}_req_per_s=${Math.round((t.ok + t.errors) / secondsPerThird)}`);
    console.log(`${names[k]}_p50_ms=${percentile(sorted, 50).toFixed(2)}`);
    console.log(`${names[k]}_p99_ms=${percentile(sorted, 99).toFixed(2)}`);
    console.log(`${names[k]}_errors=${t.errors}`);
    console.log(`${names[k]}_rss_mb=${Math.round((rss as number) / 2 ** 20)}`);
    // Which requests slow down as the register grows (a register-and-assign is two commands).
    for (const [kind, latencies] of [...t.byKind].sort()) {
      const byKind = [...latencies].sort((a, b) => a - b);
      console.log(`${names[k]}_${kind}_p50_ms=${percentile(byKind, 50).toFixed(2)}`);
      console.log(`${names[k]}_${kind}_p99_ms=${percentile(byKind, 99).toFixed(2)}`);
    }
    const heap = heaps[k];
    if (heap) {
      console.log(`${names[k]}_heap_after_gc_mb=${Math.round(heap.heap / 2 ** 20)}`);
      console.log(`${names[k]}_external_mb=${Math.round(heap.external / 2 ** 20)}`);
      // Linux: resident anonymous memory (heaps, buffers) and file pages (the stores' memory maps).
      if (heap.anon >= 0) console.log(`${names[k]}_rss_anon_mb=${Math.round(heap.anon / 1024)}`);
      if (heap.file >= 0) console.log(`${names[k]}_rss_file_mb=${Math.round(heap.file / 1024)}`);
    }
  });
  const lastRss = (t: (typeof thirds)[number]) => t.rss[t.rss.length - 1] ?? 0;
  const [middle, end] = [lastRss(thirds[1]!), lastRss(thirds[2]!)];
  if (middle > 0) console.log(`rss_growth_pct=${(((end - middle) / middle) * 100).toFixed(1)}`);
  console.log(`non_2xx_statuses=${JSON.stringify(Object.fromEntries(errorStatuses))}`);
  console.log(`commands_with_id=${commandSerial}`);
  console.log(`resends=${resends}`);
  console.log(`resend_mismatches=${resendMismatches}`);
  console.log(`outcomes_in_memory=${app.get(CommandProcessor).view.outcomes.inMemory}`);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
