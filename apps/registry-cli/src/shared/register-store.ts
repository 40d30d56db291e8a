import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EventStore, openEmbeddedEventStore, openEsdbEventStore } from '@flr/event-store';
import { NoRegisterError } from './cli-errors';

export interface StoreLocation {
  readonly dataDir: string;
  /** EventStoreDB instead of the embedded store (EVENTSTORE_CONNECTION_STRING). */
  readonly connectionString?: string;
}

/** `--data-dir` wins over FLR_DATA_DIR; the default is ./data, as for the API. */
export function storeLocation(dataDirOption: string | undefined, env = process.env): StoreLocation {
  const dataDir = resolve(dataDirOption ?? (env.FLR_DATA_DIR?.trim() || './data'));
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined;
  return { dataDir, connectionString };
}

export function holdsRegister(location: StoreLocation): boolean {
  return existsSync(join(location.dataDir, 'events', 'data.mdb'));
}

/**
 * Opens an existing register for reading. The embedded store takes its writer lock only at the first
 * append, so reading next to a running API is safe; a folder without a store is an error, never a new store.
 */
export async function openRegisterForReading(location: StoreLocation): Promise<EventStore> {
  if (location.connectionString) return openEsdbEventStore(location.connectionString);
  if (!holdsRegister(location)) throw new NoRegisterError(location.dataDir);
  return openEmbeddedEventStore({ path: join(location.dataDir, 'events') });
}

/**
 * Opens (creating when missing) the embedded store that `generate` and `import` write to, for their bulk
 * import: opened for random access (no kernel read-around of its index pages; the store's option).
 */
export async function openRegisterForWriting(location: StoreLocation): Promise<EventStore> {
  if (location.connectionString) return openEsdbEventStore(location.connectionString);
  return openEmbeddedEventStore({ path: join(location.dataDir, 'events'), randomAccess: true });
}
