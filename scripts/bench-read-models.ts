import { type Database, open, type RootDatabase } from 'lmdb';
import type { Key, RangeOptions, ReadModelTx } from '@flr/projection-runtime';
import type { Readers } from '@flr/projections';

/** The read models the query bench folds and reads (named databases in one LMDB env, as the runtime keeps them). */
export const READ_MODELS = ['link-history', 'directory', 'waiting-lists'];

class Tx implements ReadModelTx {
  constructor(private readonly db: Database) {}
  get<T>(key: Key): T | undefined {
    return this.db.get(key) as T | undefined;
  }
  range<T>(opts: RangeOptions): Iterable<{ key: Key; value: T }> {
    return this.db.getRange(opts) as Iterable<{ key: Key; value: T }>;
  }
  put(key: Key, value: unknown): void {
    this.db.putSync(key, value);
  }
  remove(key: Key): void {
    this.db.removeSync(key);
  }
}

export function openReadModels(
  path: string,
  readOnly: boolean,
): { env: RootDatabase; tx: Record<string, Tx>; readers: Readers; close(): Promise<void> } {
  const env = open({ path, maxDbs: 8, readOnly, noSync: true, mapSize: 32 * 2 ** 30 });
  const tx: Record<string, Tx> = {};
  for (const name of READ_MODELS) tx[name] = new Tx(env.openDB({ name }));
  return {
    env,
    tx,
    readers: { linkHistory: tx['link-history'], directory: tx.directory, waitingLists: tx['waiting-lists'] },
    close: () => env.close(),
  };
}
