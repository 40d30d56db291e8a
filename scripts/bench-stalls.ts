/**
 * bench:stalls — does long work make the register wait? On loopback, embedded store in a temporary
 * folder, authentication off. Prints name=value lines:
 *   command_p50_ms_idle, command_p99_ms_idle            a small command (register a person) every 20 ms, nothing else running
 *   command_p50_ms_during_daily_job, command_p99_ms_during_daily_job, commands_during_daily_job, daily_job_ms,
 *   daily_job_placements
 *                                                       the same while a daily job places --persons unassigned residents
 *   command_p99_ms_during_rebuild, rebuild_ms            the same while every read model is rebuilt online
 *   idle_cpu_ms_per_10s, idle_feeds_cpu_ms_per_10s       this process's CPU time over 10 s idle, without and with --feeds follow=true feeds
 *
 *   npm run bench:stalls -- [--persons 300] [--feeds 200] [--from <data folder>]
 *
 * --from starts on a copy of a data folder (e.g. one `flr generate` wrote), so the rebuild reads a
 * register of that size rather than the few hundred events this script writes.
 */
import 'reflect-metadata';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeNin } from '@flr/domain';
import { createApp } from '../apps/registry-api/src/bootstrap';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)
    : 0;
};

let serial = 0;
function nextNin(): string {
  for (;;) {
    serial++;
    const nin = makeNin(
      `${1940 + (serial % 50)}-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (Math.floor(serial / 12) % 28)).padStart(2, '0')}`,
      Math.floor(serial / 336) % 500,
    );
    if (nin) return nin;
  }
}

async function main(): Promise<void> {
  const persons = arg('persons', 300);
  const feeds = arg('feeds', 200);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stalls-'));
  const fromAt = process.argv.indexOf('--from');
  if (fromAt >= 0) cpSync(process.argv[fromAt + 1]!, dir, { recursive: true });
  process.env.FLR_DATA_DIR = dir;
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  /** Sends a small command every 20 ms until `done` settles; returns the latencies (ms). */
  const probe = async (done: Promise<unknown>): Promise<number[]> => {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    const latencies: number[] = [];
    while (!finished) {
      const t0 = performance.now();
      await must('POST', '/v1/persons', { nin: nextNin(), municipality: '1103' });
      latencies.push(performance.now() - t0);
      await sleep(20);
    }
    return latencies;
  };
  try {
    await must('POST', '/v1/contracts', {
      contractId: 'S-1',
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 5000,
      validFrom: '2001-06-01',
      // Known before the job's date: the job acts on facts registered up to the end of its date.
      registeredAt: '2024-03-01T12:00:00+01:00',
    });
    const idle = await probe(sleep(3000));
    console.log(`command_p50_ms_idle=${percentile(idle, 50).toFixed(1)}`);
    console.log(`command_p99_ms_idle=${percentile(idle, 99).toFixed(1)}`);

    for (let i = 0; i < persons; i++)
      await must('POST', '/v1/persons', {
        nin: nextNin(),
        municipality: '0301',
        registeredAt: '2024-03-02T12:00:00+01:00',
      });
    const jobStarted = performance.now();
    let placed = 0;
    const job = must('POST', '/v1/jobs/daily', { date: '2024-03-05' }).then((r) => {
      placed = (r.body.events as { type: string }[]).filter((e) => e.type === 'PatientListed').length;
      return performance.now() - jobStarted;
    });
    const duringJob = await probe(job);
    console.log(`daily_job_ms=${(await job).toFixed(0)}`);
    console.log(`daily_job_placements=${placed}`);
    console.log(`commands_during_daily_job=${duringJob.length}`);
    console.log(`command_p50_ms_during_daily_job=${percentile(duringJob, 50).toFixed(1)}`);
    console.log(`command_p99_ms_during_daily_job=${percentile(duringJob, 99).toFixed(1)}`);

    const projections = ((await must('GET', '/v1/admin/projections')).body as { name: string }[]).map(
      (s) => s.name,
    );
    const rebuildStarted = performance.now();
    for (const name of new Set(projections)) await must('POST', `/v1/admin/projections/${name}/rebuild`);
    const rebuilt = (async () => {
      for (;;) {
        const list = (await must('GET', '/v1/admin/projections')).body as { active: boolean; lag: string }[];
        if (list.every((s) => s.active && String(s.lag) === '0')) return performance.now() - rebuildStarted;
        await sleep(50);
      }
    })();
    const duringRebuild = await probe(rebuilt);
    console.log(`rebuild_ms=${(await rebuilt).toFixed(0)}`);
    console.log(`command_p99_ms_during_rebuild=${percentile(duringRebuild, 99).toFixed(1)}`);
    console.log(`command_p50_ms_during_rebuild=${percentile(duringRebuild, 50).toFixed(1)}`);
    console.log(`command_max_ms_during_rebuild=${percentile(duringRebuild, 100).toFixed(1)}`);
    console.log(`commands_during_rebuild=${duringRebuild.length}`);

    const cpuOver10s = async () => {
      const before = process.cpuUsage();
      await sleep(10_000);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    console.log(`idle_cpu_ms_per_10s=${(await cpuOver10s()).toFixed(0)}`);
    const aborts = Array.from({ length: feeds }, () => new AbortController());
    const head = (await must('GET', '/v1/admin/projections')).body as { checkpoint: string | null }[];
    const from = Math.max(0, ...head.map((s) => Number(s.checkpoint ?? 0)));
    const open = aborts.map(async (abort) => {
      const r = await fetch(`${base}/v1/events?follow=true&from=${from}`, { signal: abort.signal });
      const reader = r.body!.getReader();
      try {
        for (;;) if ((await reader.read()).done) return;
      } catch {
        // aborted at the end
      }
    });
    await sleep(2000);
    console.log(`feeds=${feeds}`);
    console.log(`idle_feeds_cpu_ms_per_10s=${(await cpuOver10s()).toFixed(0)}`);
    for (const abort of aborts) abort.abort();
    await Promise.allSettled(open);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
