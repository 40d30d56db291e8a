/**
 * Command-line bench (npm run bench:cli): prints name=value lines, the median of BENCH_RUNS runs
 * (default 3) and every run, for `stats`, `export all --format parquet` and a `sql` aggregate on a
 * register of BENCH_PERSONS persons (default 300,000) in BENCH_DIR (generated there when missing).
 *   cli_<command>_seconds        wall time of the whole command (process start to exit)
 *   cli_<command>_max_rss_mb     the process's peak resident memory (LMDB's mapped log pages included)
 *   loadavg_1m                   machine load at the start (the machine is shared: compare same-run figures)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = resolve(dirname(fileURLToPath(import.meta.url)), '../main.js');
const persons = Number(process.env.BENCH_PERSONS ?? 300_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = process.env.BENCH_DIR ?? join(tmpdir(), `flr-bench-cli-${persons}`);
const out = mkdtempSync(join(tmpdir(), 'flr-bench-cli-out-'));

function flr(args: string[]): { seconds: number; maxRssMb: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [main, ...args, '-d', dir], {
    env: { ...process.env, FLR_CLI_RESOURCE_USAGE: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`flr ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  const kb = Number(/flr_max_rss_kb=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  return { seconds, maxRssMb: kb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const COMMANDS: Record<string, string[]> = {
  stats: ['stats', '--csv', join(out, 'stats.csv'), '--purpose', 'bench'],
  export_parquet: [
    'export',
    'all',
    '--format',
    'parquet',
    '--out',
    join(out, 'parquet'),
    '--purpose',
    'bench',
  ],
  sql_aggregate: [
    'sql',
    'select municipality, count(*) as persons, count(died_on) as died from persons group by all order by persons desc',
    '--purpose',
    'bench',
  ],
};

try {
  console.log(`loadavg_1m=${loadavg()[0].toFixed(2)}`);
  if (!existsSync(join(dir, 'events', 'data.mdb'))) {
    const generated = flr(['generate', '--persons', String(persons), '--seed', 'bench-cli']);
    console.log(`cli_generate_seconds=${generated.seconds.toFixed(1)}`);
    console.log(`cli_generate_max_rss_mb=${Math.round(generated.maxRssMb)}`);
  }
  console.log(`cli_persons=${persons}`);
  for (const [name, args] of Object.entries(COMMANDS)) {
    const results = Array.from({ length: runs }, () => flr(args));
    const seconds = results.map((r) => r.seconds);
    const rss = results.map((r) => r.maxRssMb);
    console.log(`cli_${name}_seconds=${median(seconds).toFixed(1)}`);
    console.log(`cli_${name}_seconds_runs=${seconds.map((s) => s.toFixed(1)).join(',')}`);
    console.log(`cli_${name}_max_rss_mb=${Math.round(median(rss))}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
