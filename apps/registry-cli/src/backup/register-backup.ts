/**
 * Online backup, restore and verification of a register folder (embedded store):
 * `events/` (the log), `readmodels/` (read models, checkpoints, snapshots), `audit/`, `keys/`, the
 * disclosure log and the command outcome index (`idempotency/`). A backup is a folder with the same layout and `backup.json`, the manifest: the
 * log's position and checksum and a sha256 of every file.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { backupEventStore, type LogVerification, verifyEventLog } from '@flr/event-store';
import { open } from 'lmdb';
import { liveWriterPid } from '../register/read-models';
import { copyCompleteLines, copyDurably, fileSha256, filesUnder, syncFile } from './register-files';

export const MANIFEST = 'backup.json';
/** The writer's command outcome index (libs/application/src/write/nest.ts). */
const OUTCOME_INDEX = join('idempotency', 'outcomes');
const FORMAT = 'flr-backup/1';

export interface BackupManifest {
  readonly format: typeof FORMAT;
  readonly createdAt: string;
  readonly source: string;
  /** The log's head in the backup: every event up to it, none after. */
  readonly position: number;
  readonly events: number;
  /** sha256 over the log's events up to `position` (verifyEventLog). */
  readonly checksum: string;
  /** Relative path -> sha256 of every file of the backup but the manifest. */
  readonly files: Record<string, string>;
}

/** What `verify` found in a register folder or a backup. */
export interface RegisterVerification {
  readonly kind: 'register' | 'backup';
  readonly log: LogVerification;
  /** Read models ahead of the log, files whose bytes changed, a checksum that differs. */
  readonly problems: readonly string[];
}

/**
 * Copies the register at `dataDir` into `target` (missing or empty) while the API may keep running.
 * Order matters: snapshots and read models first, the log last, so no read model in the backup is ahead
 * of its log (on start they catch up from their checkpoints). The copy is written to a sibling folder
 * and renamed at the end: an interrupted backup never looks complete.
 */
export async function backupRegister(
  dataDir: string,
  target: string,
  now = new Date(),
): Promise<BackupManifest> {
  if (!existsSync(join(dataDir, 'events', 'data.mdb'))) throw new Error(`No register in ${dataDir}`);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new Error(`${target} is not empty: a backup goes into a new folder`);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  mkdirSync(partial, { recursive: true });
  const readModels = join(dataDir, 'readmodels');
  for (const file of filesUnder(join(readModels, 'snapshots')))
    copyDurably(join(readModels, 'snapshots', file), join(partial, 'readmodels', 'snapshots', file));
  if (existsSync(join(readModels, 'data.mdb')))
    await copyEnvironment(readModels, join(partial, 'readmodels'));
  // The command outcome index before the log as well: the index may not reach past its log.
  const outcomes = join(dataDir, OUTCOME_INDEX);
  if (existsSync(join(outcomes, 'data.mdb'))) await copyEnvironment(outcomes, join(partial, OUTCOME_INDEX));
  const log = await backupEventStore(join(dataDir, 'events'), join(partial, 'events'));
  if (log.problems.length > 0) throw new Error(`The copied log is not sound: ${log.problems.join('; ')}`);
  // The refusal journal of earlier versions, until the API's next start moves it into the index.
  for (const file of ['audit/reads.ndjson', 'disclosures.ndjson', 'idempotency/refusals.ndjson'])
    if (existsSync(join(dataDir, file))) copyCompleteLines(join(dataDir, file), join(partial, file));
  for (const file of filesUnder(join(dataDir, 'keys')))
    copyDurably(join(dataDir, 'keys', file), join(partial, 'keys', file));

  const files: Record<string, string> = {};
  for (const file of backedUpFiles(partial)) files[file] = await fileSha256(join(partial, file));
  const manifest: BackupManifest = {
    format: FORMAT,
    createdAt: now.toISOString(),
    source: dataDir,
    position: log.head,
    events: log.events,
    checksum: log.checksum,
    files,
  };
  writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  syncFile(join(partial, MANIFEST));
  if (existsSync(target)) rmdirSync(target);
  renameSync(partial, target);
  return manifest;
}

/**
 * Restores `backup` into `target`. A target holding a register is refused unless `force`, and always
 * while a process writes to it; with `force` the old folder is moved aside (`<target>.before-restore-<time>`),
 * never deleted. The backup is verified first; the files are copied to a sibling folder and renamed.
 */
export async function restoreRegister(
  backup: string,
  target: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<{ manifest: BackupManifest; movedAside: string | null }> {
  const verification = await verifyRegister(backup);
  if (verification.kind !== 'backup') throw new Error(`${backup} is not a backup: it has no ${MANIFEST}`);
  if (verification.problems.length > 0)
    throw new Error(`The backup in ${backup} is damaged: ${verification.problems.join('; ')}`);
  const manifest = readManifest(backup)!;
  let movedAside: string | null = null;
  if (existsSync(join(target, 'events', 'data.mdb'))) {
    if (!options.force)
      throw new Error(
        `${target} already holds a register: restore into a new folder, or add --force to move it aside`,
      );
    const pid = liveWriterPid(target);
    if (pid !== null)
      throw new Error(`process ${pid} writes to the register in ${target}: stop it before a restore`);
    movedAside = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replaceAll(':', '-')}`;
    renameSync(target, movedAside);
  } else if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(`${target} is not empty and holds no register: restore into a new or empty folder`);
  }
  const partial = join(dirname(target), `.${basename(target)}.restoring-${process.pid}`);
  for (const file of Object.keys(manifest.files)) copyDurably(join(backup, file), join(partial, file));
  if (existsSync(target)) rmdirSync(target);
  renameSync(partial, target);
  return { manifest, movedAside };
}

/**
 * Verifies a backup (its manifest: every file's sha256, the log's checksum and position) or a register
 * folder (the log, and no read model ahead of it).
 */
export async function verifyRegister(dir: string): Promise<RegisterVerification> {
  const manifest = readManifest(dir);
  if (!existsSync(join(dir, 'events', 'data.mdb')))
    throw new Error(`No register in ${dir}: no ${join(dir, 'events')}`);
  const problems: string[] = [];
  if (manifest) {
    for (const [file, sha256] of Object.entries(manifest.files)) {
      if (!existsSync(join(dir, file))) problems.push(`${file} is missing`);
      else if ((await fileSha256(join(dir, file))) !== sha256)
        problems.push(`${file} differs from the backup's checksum`);
    }
  }
  const log = await verifyEventLog(join(dir, 'events'));
  problems.push(...log.problems);
  if (manifest) {
    if (log.head !== manifest.position)
      problems.push(`the log ends at ${log.head}, the manifest says ${manifest.position}`);
    else if (log.checksum !== manifest.checksum)
      problems.push("the log's checksum differs from the manifest's");
  }
  for (const [instance, position] of await readModelPositions(join(dir, 'readmodels')))
    if (position > log.head)
      problems.push(`read model ${instance} is at ${position}, ahead of the log (${log.head})`);
  const outcomesAt = await outcomeIndexPosition(join(dir, OUTCOME_INDEX));
  if (outcomesAt > log.head)
    problems.push(`the command outcome index is at ${outcomesAt}, ahead of the log (${log.head})`);
  return { kind: manifest ? 'backup' : 'register', log, problems };
}

export function readManifest(dir: string): BackupManifest | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT) throw new Error(`${path} is not a backup manifest of format ${FORMAT}`);
  return manifest;
}

/** The files a backup holds: LMDB lock files are per running environment and never copied. */
function backedUpFiles(dir: string): string[] {
  return filesUnder(dir).filter((file) => basename(file) !== 'lock.mdb' && file !== MANIFEST);
}

/**
 * LMDB's compacting copy of an environment from one read snapshot (the read models' writer is never
 * blocked); the plain copy can tear under a writer in another process (libs/event-store backup.ts).
 */
async function copyEnvironment(source: string, target: string): Promise<void> {
  mkdirSync(target, { recursive: true });
  const env = open({ path: source, noSubdir: false, readOnly: true });
  try {
    await env.backup(target, true);
  } finally {
    await env.close();
  }
}

/** Each read-model instance's checkpoint position (`$checkpoints`, projection runtime storage). */
async function readModelPositions(dir: string): Promise<[string, number][]> {
  if (!existsSync(join(dir, 'data.mdb'))) return [];
  const env = open({ path: dir, noSubdir: false, readOnly: true, maxDbs: 64 });
  try {
    const checkpoints = env.openDB<{ position: string | null }, string>({ name: '$checkpoints' });
    const out: [string, number][] = [];
    for (const { key, value } of checkpoints.getRange())
      if (value.position !== null) out.push([key, Number(value.position)]);
    return out;
  } finally {
    await env.close();
  }
}

/** The log position the command outcome index holds every outcome up to (0 when there is none). */
async function outcomeIndexPosition(dir: string): Promise<number> {
  if (!existsSync(join(dir, 'data.mdb'))) return 0;
  const env = open({ path: dir, noSubdir: false, readOnly: true, maxDbs: 2 });
  try {
    return Number(env.openDB<string, string>({ name: 'meta' }).get('head') ?? 0);
  } finally {
    await env.close();
  }
}
