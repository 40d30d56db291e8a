/**
 * test:crash — SIGKILL at random moments during a bulk import, the daily job, a list reduction and an
 * online rebuild (one scenario per trial, in turn), on the embedded store. After each restart the
 * bulk operation is resent with its commandId (the import is re-run) and the trial checks that every
 * acknowledged command is in the log exactly once, the bulk operation did all its work exactly once,
 * and the read models answer as a rebuild of them does. Prints name=value lines:
 * trials, acknowledged, lost, duplicated, mismatched (and per scenario).
 *
 *   npm run test:crash -- --trials 100 [--seed 1] [--persons 150] [--only bulk_import|daily_job|reduction|rebuild]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEventLog } from '@flr/event-store';
import { bulkEventId } from './crash/bulk-events';
import {
  Acknowledged,
  countAcknowledged,
  killHard,
  random,
  readLog,
  type Server,
  startChild,
} from './crash/harness';
import {
  dailyJobScenario,
  projectionNames,
  reductionScenario,
  rebuildScenario,
  type ScenarioContext,
  type ScenarioRun,
  settled,
} from './crash/scenarios';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

interface Tally {
  trials: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  mismatched: number;
}
const tally = (): Tally => ({ trials: 0, acknowledged: 0, lost: 0, duplicated: 0, mismatched: 0 });

const BULK_EVENTS = 20_000;
/** The kill falls within this many ms of the import's start (it takes about 2-4 s here). */
const BULK_KILL_WINDOW_MS = 3000;

/** Kills a bulk import at a random moment, re-runs it to the end, and checks every event is in once. */
async function bulkImportTrial(dataDir: string, killAt: number): Promise<Tally & { detail: string }> {
  const events = join(dataDir, 'events');
  const first = startChild('bulk-import-child.js', [events, String(BULK_EVENTS)], 'done');
  const finished = await Promise.race([
    first.line.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), killAt * BULK_KILL_WINDOW_MS)),
  ]);
  if (!finished) {
    first.line.catch(() => undefined);
    await killHard(first.child);
  }
  await startChild('bulk-import-child.js', [events, String(BULK_EVENTS)], 'done').line;
  const log = await readLog(events);
  const seen = new Map<string, number>();
  for (const event of log) seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  for (let n = 0; n < BULK_EVENTS; n++) {
    const times = seen.get(bulkEventId(n)) ?? 0;
    if (times === 0) lost++;
    if (times > 1) duplicated++;
  }
  const verification = await verifyEventLog(events);
  const mismatched = log.length !== BULK_EVENTS || verification.problems.length > 0 ? 1 : 0;
  const detail = `${finished ? 'finished before the kill' : 'killed'} events=${log.length} lost_events=${lost} duplicated_events=${duplicated}`;
  // The import is one operation: acknowledged once its re-run answered, lost or duplicated if any of its events is.
  return {
    trials: 1,
    acknowledged: 1,
    lost: lost > 0 ? 1 : 0,
    duplicated: duplicated > 0 ? 1 : 0,
    mismatched,
    detail,
  };
}

/** What the read models answer for the trial's persons and lists. */
async function answers(server: Server, run: ScenarioRun): Promise<string> {
  const out: unknown[] = [];
  for (const nin of run.persons) out.push((await server.get(`/v1/persons/${nin}/gp-history`)).body);
  for (const id of run.contracts)
    for (const at of ['2024-06-01', '2027-06-01'])
      out.push((await server.get(`/v1/contracts/${id}/patients?at=${at}&limit=1000`)).body);
  return JSON.stringify(out);
}

async function serverTrial(
  scenario: (ctx: ScenarioContext) => Promise<ScenarioRun>,
  ctx: ScenarioContext,
): Promise<Tally & { detail: string }> {
  let run: ScenarioRun | null = null;
  try {
    run = await scenario(ctx);
    if (!(await settled(run.server))) throw new Error('read models did not catch up after the restart');
    const before = await answers(run.server, run);
    for (const name of await projectionNames(run.server))
      await run.server.call('POST', `/v1/admin/projections/${name}/rebuild`);
    if (!(await settled(run.server))) throw new Error('the rebuild did not finish');
    const rebuilt = await answers(run.server, run);
    await run.server.stop();
    const { lost, duplicated } = countAcknowledged(
      await readLog(join(ctx.dataDir, 'events')),
      ctx.acknowledged.ids,
    );
    const mismatched = before !== rebuilt || !run.complete ? 1 : 0;
    const detail = `${run.detail}${before !== rebuilt ? ' read_models_differ_from_rebuild' : ''}`;
    return { trials: 1, acknowledged: ctx.acknowledged.ids.size, lost, duplicated, mismatched, detail };
  } finally {
    if (run && run.server.child.exitCode === null && run.server.child.signalCode === null)
      await killHard(run.server.child);
  }
}

async function main(): Promise<void> {
  const trials = arg('trials', 20);
  const persons = arg('persons', 150);
  const next = random(arg('seed', 1));
  const total = tally();
  const byScenario = new Map<string, Tally>();
  const all = ['bulk_import', 'daily_job', 'reduction', 'rebuild'] as const;
  const onlyAt = process.argv.indexOf('--only');
  const names = onlyAt >= 0 ? all.filter((n) => n === process.argv[onlyAt + 1]) : all;
  if (names.length === 0) throw new Error(`--only must be one of ${all.join(', ')}`);
  for (let trial = 0; trial < trials; trial++) {
    const name = names[trial % names.length]!;
    const dataDir = mkdtempSync(join(tmpdir(), 'flr-crash-trial-'));
    const killAt = next();
    let result: Tally & { detail: string };
    try {
      const ctx: ScenarioContext = {
        dataDir,
        acknowledged: new Acknowledged(),
        trial,
        killAt,
        killWindowMs: 1500,
        persons,
      };
      if (name === 'bulk_import') result = await bulkImportTrial(dataDir, killAt);
      else if (name === 'daily_job') result = await serverTrial(dailyJobScenario, ctx);
      else if (name === 'reduction') result = await serverTrial(reductionScenario, ctx);
      else result = await serverTrial(rebuildScenario, ctx);
    } catch (error) {
      result = {
        trials: 1,
        acknowledged: 0,
        lost: 0,
        duplicated: 0,
        mismatched: 1,
        detail: `failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const own = byScenario.get(name) ?? tally();
    for (const key of Object.keys(total) as (keyof Tally)[]) {
      total[key] += result[key];
      own[key] += result[key];
    }
    byScenario.set(name, own);
    process.stderr.write(
      `trial ${trial + 1}/${trials} ${name} kill_at=${killAt.toFixed(2)} acknowledged=${result.acknowledged} lost=${result.lost} duplicated=${result.duplicated} mismatched=${result.mismatched} ${result.detail}\n`,
    );
  }
  for (const [key, value] of Object.entries(total)) console.log(`${key}=${value}`);
  for (const [name, t] of byScenario)
    for (const [key, value] of Object.entries(t)) console.log(`${name}_${key}=${value}`);
}

await main();
