import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabases } from './lmdb-env';
import { type LogVerification, verifyDatabases } from './log-verify';

/**
 * Copies the embedded store at `sourcePath` into the empty or missing folder `targetPath` while its
 * writer may keep writing: LMDB's copy (mdb_env_copy2) reads one snapshot in a read transaction, so
 * the copy is the store as of one commit, and the writer is never blocked. Returns the copy's
 * verification: its head is the backup's position.
 */
export async function backupEventStore(sourcePath: string, targetPath: string): Promise<LogVerification> {
  if (!existsSync(join(sourcePath, 'data.mdb'))) throw new Error(`No event store in ${sourcePath}`);
  if (existsSync(join(targetPath, 'data.mdb'))) throw new Error(`${targetPath} already holds an event store`);
  mkdirSync(targetPath, { recursive: true });
  const source = openDatabases(sourcePath);
  try {
    await source.env.backup(targetPath, false);
  } finally {
    await source.env.close();
  }
  const copy = openDatabases(targetPath);
  try {
    return verifyDatabases(copy);
  } finally {
    await copy.env.close();
  }
}
