/**
 * The embedded store's bulk import alone (issue 8), on the generated national-shape history:
 *
 *   npm run bench:import -- --persons 100000 [--batch 50000] [--dir /tmp/nat-store-import] [--baseline]
 *
 * Prints `events`, `generate_s`, `import_s`, `import_events_per_s` (events ÷ seconds outside the
 * generator), `import_cpu_s` and `import_events_per_cpu_s` (the same per CPU second, which a loaded
 * machine changes far less), `import_peak_rss_mb`; with `--baseline`, the same history imported in
 * the same run through the ordinary append operation (`baseline_events_per_s`,
 * `baseline_events_per_cpu_s`); then the same input imported again over the finished log
 * (`reimport_events_per_s`, every event skipped by its id) as a check that a resumed run is cheap,
 * then `kill_resume_trials` and `kill_resume_ok=yes|no`: a child importing 120,000 events is killed
 * with SIGKILL at 8 random points and run again each time; the log must end exactly as the input
 * (bulk-import-until-killed.js, the same check as crash/bulk-import-kill.spec.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAndResume, openEmbeddedEventStoreImpl } from '@flr/event-store';
import { importGeneratedHistory, SEED } from './national-import';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]?.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number`);
  return n;
}

const persons = flag('--persons', 100_000);
const batchSize = flag('--batch', 50_000);
const dirFlag = process.argv.indexOf('--dir');
const dir = dirFlag >= 0 ? process.argv[dirFlag + 1]! : mkdtempSync(join(tmpdir(), 'nat-store-import-'));
const print = (name: string, value: string | number) => console.log(`${name}=${value}`);

try {
  rmSync(join(dir, 'log'), { recursive: true, force: true });
  const store = await openEmbeddedEventStoreImpl({ path: join(dir, 'log'), randomAccess: true });
  const first = await importGeneratedHistory(store, { persons, seed: SEED, batchSize });
  print('persons', persons);
  print('events', first.events);
  print('batch', batchSize);
  print('generate_s', first.generateS.toFixed(1));
  print('import_s', first.importS.toFixed(1));
  print('import_events_per_s', Math.round(first.events / first.importS));
  print('import_cpu_s', first.importCpuS.toFixed(1));
  print('import_events_per_cpu_s', Math.round(first.events / first.importCpuS));
  print('import_peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024));
  if (process.argv.includes('--baseline')) {
    rmSync(join(dir, 'baseline'), { recursive: true, force: true });
    const other = await openEmbeddedEventStoreImpl({ path: join(dir, 'baseline') });
    const baseline = await importGeneratedHistory(other, {
      persons,
      seed: SEED,
      through: 'append',
    });
    await other.close();
    rmSync(join(dir, 'baseline'), { recursive: true, force: true });
    print('baseline_import_s', baseline.importS.toFixed(1));
    print('baseline_events_per_s', Math.round(baseline.events / baseline.importS));
    print('baseline_events_per_cpu_s', Math.round(baseline.events / baseline.importCpuS));
  }
  const again = await importGeneratedHistory(store, { persons, seed: SEED, batchSize });
  if (again.written !== 0) throw new Error(`the second import wrote ${again.written} events`);
  print('reimport_events_per_s', Math.round(again.events / again.importS));
  await store.close();

  const killDir = join(dir, 'kill-resume');
  rmSync(killDir, { recursive: true, force: true });
  let seed = Date.now() >>> 0;
  const report = await killAndResume({
    script: fileURLToPath(
      new URL('../libs/event-store/src/embedded/crash/bulk-import-until-killed.js', import.meta.url),
    ),
    dataDir: killDir,
    events: 120_000,
    streams: 5_000,
    batchSize: 5_000,
    indexMergeEvery: 20_000,
    orderedIds: false,
    kills: 8,
    random: () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    },
  });
  print('kill_resume_trials', report.trials.length);
  print('kill_resume_logged_after_kills', report.trials.map((trial) => trial.logged).join(','));
  print('kill_resume_ok', report.problems.length === 0 ? 'yes' : 'no');
  for (const problem of report.problems) console.error(problem);
  rmSync(killDir, { recursive: true, force: true });
} finally {
  if (dirFlag < 0) rmSync(dir, { recursive: true, force: true });
}
