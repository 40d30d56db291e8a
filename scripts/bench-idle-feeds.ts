/**
 * bench:idle-feeds — what do idle `follow=true` feeds cost? On loopback, embedded store in a temporary
 * folder, authentication off. Measures this process's CPU time (the register and the feeds' readers)
 * over 10-second windows while nothing happens: first with no feed open, then with --feeds followers
 * open and idle (every one has had its answer headers, so its request is in the idle wait). Prints
 * name=value lines, each the median of --windows windows, and every window in `*_windows`:
 *   idle_cpu_ms_per_10s, idle_feeds_cpu_ms_per_10s, feeds_extra_cpu_ms_per_10s
 *
 *   npm run bench:idle-feeds -- [--feeds 200] [--windows 3]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../apps/registry-api/src/bootstrap';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** CPU milliseconds this process uses over `windows` windows of 10 s. */
async function cpuWindows(windows: number): Promise<number[]> {
  const used: number[] = [];
  for (let i = 0; i < windows; i++) {
    const before = process.cpuUsage();
    await sleep(10_000);
    const cpu = process.cpuUsage(before);
    used.push(Math.round((cpu.user + cpu.system) / 1000));
  }
  return used;
}

async function main(): Promise<void> {
  const feeds = arg('feeds', 200);
  const windows = arg('windows', 3);
  const dir = mkdtempSync(join(tmpdir(), 'bench-idle-feeds-'));
  process.env.FLR_DATA_DIR = dir;
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const aborts = Array.from({ length: feeds }, () => new AbortController());
  const open: Promise<void>[] = [];
  try {
    // Something in the log, so a feed has a position to follow from; then let start-up settle.
    const created = await fetch(`${base}/v1/contracts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        contractId: 'F-1',
        municipality: '0301',
        officeOrgNo: '923609016',
        maxPatients: 100,
        validFrom: '2001-06-01',
      }),
    });
    if (created.status >= 300) throw new Error(`create contract: ${created.status} ${await created.text()}`);
    const { position } = (await created.json()) as { position: string };
    await sleep(3000);
    const idle = await cpuWindows(windows);

    const answered: Promise<void>[] = [];
    for (const abort of aborts) {
      const response = fetch(`${base}/v1/events?follow=true&from=${position}`, { signal: abort.signal });
      answered.push(response.then(() => undefined));
      open.push(
        response.then(async (r) => {
          const reader = r.body!.getReader();
          for (;;) if ((await reader.read()).done) return;
        }),
      );
    }
    await Promise.all(answered);
    await sleep(3000);
    const withFeeds = await cpuWindows(windows);

    console.log(`feeds=${feeds}`);
    console.log(`windows=${windows}`);
    console.log(`idle_cpu_ms_per_10s=${median(idle)}`);
    console.log(`idle_cpu_windows=${idle.join(',')}`);
    console.log(`idle_feeds_cpu_ms_per_10s=${median(withFeeds)}`);
    console.log(`idle_feeds_cpu_windows=${withFeeds.join(',')}`);
    console.log(`feeds_extra_cpu_ms_per_10s=${median(withFeeds) - median(idle)}`);
  } finally {
    for (const abort of aborts) abort.abort();
    await Promise.allSettled(open);
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
