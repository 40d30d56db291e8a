/**
 * Each named projection rebuilt alone from a log into a fresh folder, as an API or worker starting on
 * an empty read-model folder would, and timed. Prints `name=value` lines per projection:
 * `<name>_rebuild_s`, `<name>_events_per_s`, `<name>_cpu_s`, `<name>_peak_anon_rss_mb`.
 *
 *   npm run build && node --max-old-space-size=16384 dist/scripts/bench-rebuild.js --dir /tmp/flr-300k \
 *     [--projection public-events,directory]
 *
 * The log is the one bench-national writes (`<dir>/log`); default: every projection the API registers.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allMemoryProjections, allProjections } from '@flr/projections';
import { trackPeakAnonMb } from './resident-memory';

function parseArgs(argv: string[]): { dir: string; names: string[] | null } {
  let dir = '';
  let names: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') dir = argv[++i] ?? '';
    else if (argv[i] === '--projection') names = (argv[++i] ?? '').split(',').filter(Boolean);
    else throw new Error(`unknown argument ${argv[i]} (use --dir <folder> [--projection a,b])`);
  }
  if (!dir) throw new Error('--dir <folder> (holding the log bench-national wrote) is required');
  return { dir, names };
}

const print = (name: string, value: string | number): void => console.log(`${name}=${value}`);

async function rebuildOne(logPath: string, folder: string, name: string): Promise<void> {
  rmSync(folder, { recursive: true, force: true });
  const store = await openEmbeddedEventStore({ path: logPath });
  const runtime = new ProjectionRuntime({ store, path: folder, batchSize: 20_000 });
  const lmdb = allProjections.find((p) => p.name === name);
  const memory = allMemoryProjections.find((p) => p.name === name);
  if (lmdb) runtime.register(lmdb);
  else if (memory) runtime.registerMemory(memory);
  else throw new Error(`no projection named ${name}`);
  const peak = trackPeakAnonMb();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runtime.start();
  if (!(await runtime.ready(7_200_000))) throw new Error(`${name} did not finish within two hours`);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const events = Math.max(0, ...runtime.status().map((s) => s.eventsProcessed));
  print(`${name}_rebuild_s`, seconds.toFixed(1));
  print(`${name}_events_per_s`, Math.round(events / seconds));
  print(`${name}_cpu_s`, ((used.user + used.system) / 1e6).toFixed(1));
  print(`${name}_peak_anon_rss_mb`, peak.peakMb());
  peak.stop();
  await runtime.stop();
  await store.close();
  rmSync(folder, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const { dir, names } = parseArgs(process.argv.slice(2));
  const all = names ?? [...allProjections.map((p) => p.name), ...allMemoryProjections.map((p) => p.name)];
  for (const name of all) await rebuildOne(join(dir, 'log'), join(dir, `rebuild-bench-${name}`), name);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
