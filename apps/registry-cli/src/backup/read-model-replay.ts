/**
 * A register's read models checked event by event: each active LMDB read model is rebuilt from the
 * folder's own log, up to the position its checkpoint names, into a scratch environment, and compared
 * with the copy in the folder row by row (keys and decoded values). A backup's file checksums say its
 * bytes are the ones copied; this says the copied read models are what the log makes of them.
 * The in-memory models' snapshots (`readmodels/snapshots`) are not replayed here: they carry their own
 * checksums and are rebuilt from the log whenever one does not restore.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readEventLog } from '@flr/event-store';
import { appliesTo, type InstanceRef, instanceId, LmdbReadModelTx } from '@flr/projection-runtime';
import { allProjections, type ProjectionDefinition } from '@flr/projections';
import { type Database, open, type RootDatabase } from 'lmdb';

/** What the replay of one read model found. */
export interface ReadModelReplay {
  /** The instance, e.g. `directory.v1`. */
  readonly instance: string;
  /** The position its checkpoint names (0: none). */
  readonly position: number;
  /** Rows in the folder's copy. */
  readonly rows: number;
  /** Rows missing, extra or different, at most `MAX_PROBLEMS` named; empty when equal. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 10;

/** Replays every active LMDB read model of the register or backup folder `dir` and compares it. */
export async function replayReadModels(dir: string): Promise<ReadModelReplay[]> {
  const readModels = join(dir, 'readmodels');
  if (!existsSync(join(readModels, 'data.mdb'))) return [];
  const env = open({ path: readModels, noSubdir: false, readOnly: true, maxDbs: 64 });
  const scratchDir = mkdtempSync(join(tmpdir(), 'flr-read-model-replay-'));
  // A scratch copy, deleted afterwards: no sync on its commits.
  const scratch = open({ path: scratchDir, noSubdir: false, maxDbs: 64, noSync: true });
  try {
    const activations = env.openDB<InstanceRef, [string, string]>({ name: '$activations' });
    const checkpoints = env.openDB<{ position: string | null }, string>({ name: '$checkpoints' });
    // Read whole before any other database is opened: no cursor stays open across an openDB.
    const active = [...activations.getRange()]
      .filter(({ key }) => key[1] === 'active')
      .map(({ value }) => value);
    const kept = new Map(active.map((ref) => [instanceId(ref), env.openDB({ name: instanceId(ref) })]));
    const out: ReadModelReplay[] = [];
    for (const ref of active) {
      const instance = instanceId(ref);
      const definition = allProjections.find((p) => p.name === ref.name && p.version === ref.version);
      if (!definition) {
        out.push({
          instance,
          position: 0,
          rows: 0,
          problems: [`no projection ${ref.name} version ${ref.version} in this version of the register`],
        });
        continue;
      }
      const position = Number(checkpoints.get(instance)?.position ?? 0);
      const replayed = scratch.openDB({ name: instance });
      await replay(join(dir, 'events'), position, definition, scratch, replayed);
      out.push(compare(instance, position, kept.get(instance)!, replayed));
    }
    return out;
  } finally {
    await scratch.close();
    await env.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/** Evolves `definition` over the log up to `position` into `db`, a batch per transaction, as the runtime does. */
async function replay(
  logPath: string,
  position: number,
  definition: ProjectionDefinition,
  env: RootDatabase,
  db: Database,
): Promise<void> {
  if (position === 0) return;
  const applies = appliesTo(definition);
  const tx = new LmdbReadModelTx(db);
  await readEventLog(logPath, position, (events) =>
    env.transactionSync(() => {
      for (const event of events) if (applies(event)) definition.evolve(tx, event);
    }),
  );
}

/** Every row of the kept copy looked up in the replayed one, then every replayed row in the kept one. */
function compare(instance: string, position: number, kept: Database, replayed: Database): ReadModelReplay {
  const problems: string[] = [];
  let extra = 0;
  let missing = 0;
  let different = 0;
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  let rows = 0;
  for (const { key, value } of kept.getRange()) {
    rows++;
    const made = replayed.get(key);
    if (made === undefined) {
      extra++;
      report(`${instance}: row ${JSON.stringify(key)} is not what the log makes (extra)`);
    } else if (!isDeepStrictEqual(value, made)) {
      different++;
      report(`${instance}: row ${JSON.stringify(key)} differs from what the log makes`);
    }
  }
  for (const { key } of replayed.getRange())
    if (kept.get(key) === undefined) {
      missing++;
      report(`${instance}: row ${JSON.stringify(key)} is missing`);
    }
  if (problems.length < extra + missing + different)
    problems.push(`${instance}: ${extra} extra, ${missing} missing, ${different} different rows in all`);
  return { instance, position, rows, problems };
}
