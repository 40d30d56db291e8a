import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, open, type RootDatabase, type Transaction } from 'lmdb';
import type { StoredRecord, StreamState } from './records';
import type { IndexRun } from './stream-index';

/** msgpack record structures are stored once per database instead of in every value (smaller, faster to decode). */
export const SHARED_STRUCTURES = Symbol.for('structures');

/** The embedded store's LMDB environment and its named databases. */
export interface StoreDatabases {
  readonly env: RootDatabase;
  /** The data directory. */
  readonly path: string;
  /** The environment's data file, synced by the writer before an append is acknowledged. */
  readonly dataFile: string;
  /** position -> record: the global log, `$all` */
  readonly log: Database<StoredRecord, number>;
  /** [stream, last revision of a run] -> the run's positions (stream-index.ts) */
  readonly streamIndex: Database<IndexRun, [string, number]>;
  /** event id (16 bytes) -> position of its latest write */
  readonly ids: Database<number, Uint8Array>;
  /** stream -> state */
  readonly streams: Database<StreamState, string>;
  /** bookkeeping (how far the id index is complete) */
  readonly meta: Database<unknown, string>;
}

export interface OpenOptions {
  /**
   * The process reads the environment's pages in no order (a bulk import's index look-ups and merges): the
   * kernel then reads only the page a fault asks for (MDB_NORDAHEAD). By default it also reads the pages
   * around it, which a long forward read of the log needs (about 3 times faster from a cold cache), but
   * which, once the log outgrows the page cache, turns every index page fault into megabytes read (8 MB here) and
   * fills the cache with log pages that push out the index's.
   */
  readonly randomAccess?: boolean;
}

export function openDatabases(path: string, options: OpenOptions = {}): StoreDatabases {
  mkdirSync(path, { recursive: true });
  // overlappingSync off: the writer's commit syncs the data pages, then it fdatasyncs data.mdb itself (durability.ts),
  // which measured ~4x faster here than lmdb-js's flush notifications. noSubdir: a dot in `path` is no file name.
  // noReadAhead is lmdb-js's MDB_NORDAHEAD flag (open.js), missing from its type declarations.
  const settings = {
    path,
    maxDbs: 8,
    noMemInit: true,
    overlappingSync: false,
    noSubdir: false,
    noReadAhead: options.randomAccess === true,
  };
  const env = open(settings);
  return {
    env,
    path,
    dataFile: join(path, 'data.mdb'),
    log: env.openDB<StoredRecord, number>({ name: 'log', sharedStructuresKey: SHARED_STRUCTURES }),
    streamIndex: env.openDB<IndexRun, [string, number]>({ name: 'stream-index' }),
    ids: env.openDB<number, Uint8Array>({ name: 'event-ids' }),
    streams: env.openDB<StreamState, string>({ name: 'streams', sharedStructuresKey: SHARED_STRUCTURES }),
    meta: env.openDB<unknown, string>({ name: 'meta' }),
  };
}

/** Last position written to the log, 0 when empty. */
export function lastPosition(dbs: StoreDatabases, transaction?: Transaction): number {
  for (const key of dbs.log.getKeys({ reverse: true, limit: 1, transaction })) return key as number;
  return 0;
}

/** Hex digit values by character code; -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(d)] = d;
}

/**
 * A uuid as its 16 bytes: half the key size of the text form in the id index. Read digit by digit
 * (a bulk import makes one per event: about a quarter of the time of removing the dashes and
 * decoding the hex string); any other form is decoded as hex without its dashes, as before.
 */
export function idKey(id: string): Uint8Array {
  if (id.length !== 36 || id[8] !== '-' || id[13] !== '-' || id[18] !== '-' || id[23] !== '-') {
    return Buffer.from(id.replaceAll('-', ''), 'hex');
  }
  const key = new Uint8Array(16);
  let at = 0;
  for (let i = 0; i < 36; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i++;
    const high = HEX_VALUE[id.charCodeAt(i)] ?? -1;
    const low = HEX_VALUE[id.charCodeAt(i + 1)] ?? -1;
    if (high < 0 || low < 0) return Buffer.from(id.replaceAll('-', ''), 'hex');
    key[at++] = (high << 4) | low;
  }
  return key;
}
