import type { Database } from 'lmdb';
import type { FirstBuildHold } from './row-hold';
import type { Key, RangeOptions, ReadModelReader, ReadModelTx } from './types';

function range<T>(db: Database, opts: RangeOptions): Iterable<{ key: Key; value: T }> {
  const { start, end, limit, reverse } = opts;
  return db.getRange({ start, end, limit, reverse }) as Iterable<{ key: Key; value: T }>;
}

/** Reads whichever database `resolve` names at the time of each call (follows version switches). */
export class SwitchingReader implements ReadModelReader {
  /** `commits`: the storage's count of committed write transactions (a switch is one too). */
  constructor(
    private readonly resolve: () => Database,
    private readonly commits?: () => number,
  ) {}

  stamp(): number {
    return this.commits ? this.commits() : Number.NaN;
  }

  get<T = unknown>(key: Key): T | undefined {
    return this.resolve().get(key) as T | undefined;
  }

  range<T = unknown>(opts: RangeOptions): Iterable<{ key: Key; value: T }> {
    return range<T>(this.resolve(), opts);
  }
}

/** A row the write-back transaction holds: its value (ABSENT: none), and whether the store is behind it. */
interface HeldRow {
  readonly key: Key;
  value: unknown;
  changed: boolean;
}

const ABSENT: unique symbol = Symbol('absent');

/** A key as a Map key: each part tagged with its kind, so 1 and '1' stay apart. */
function heldId(key: Key): string {
  if (!Array.isArray(key)) return typeof key === 'number' ? `\u0001n${key}` : `\u0001s${key}`;
  let id = '';
  for (const part of key) id += typeof part === 'number' ? `\u0001n${part}` : `\u0001s${part}`;
  return id;
}

/**
 * The transaction handle given to `evolve`. It is only used inside `transactionSync`, where lmdb
 * runs puts synchronously in the open write transaction, so gets see the batch's earlier writes.
 *
 * With `writeBack` (a definition's `writeBack`), rows read or written are held as objects for the
 * rest of the batch and the changed ones written by `flush`, which the worker calls before the
 * checkpoint; `range` flushes first, so a scan sees every write.
 */
export class LmdbReadModelTx implements ReadModelTx {
  private readonly held: Map<string, HeldRow> | null;
  /** The hold's parts, each asked whether it holds a key. */
  private readonly holds: readonly FirstBuildHold[];

  /** `hold`: the rows a first build keeps in memory across its batches (their keys never reach `db`). */
  constructor(
    private readonly db: Database,
    writeBack = false,
    private readonly hold?: FirstBuildHold,
  ) {
    this.held = writeBack ? new Map() : null;
    this.holds = hold ? hold.parts : [];
  }

  get<T = unknown>(key: Key): T | undefined {
    const holds = this.holds;
    for (let i = 0; i < holds.length; i++) {
      const id = holds[i]!.idOf(key);
      if (id !== undefined) return holds[i]!.get(id) as T | undefined;
    }
    if (this.held === null) return this.db.get(key) as T | undefined;
    const id = heldId(key);
    const row = this.held.get(id);
    if (row) return row.value === ABSENT ? undefined : (row.value as T);
    const value = this.db.get(key) as T | undefined;
    this.held.set(id, { key, value: value === undefined ? ABSENT : value, changed: false });
    return value;
  }

  range<T = unknown>(opts: RangeOptions): Iterable<{ key: Key; value: T }> {
    if (this.hold?.meets(opts)) {
      throw new Error(`range over ${this.hold.described}, which a first build holds in memory`);
    }
    this.flush();
    return range<T>(this.db, opts);
  }

  put(key: Key, value: unknown): void {
    const holds = this.holds;
    for (let i = 0; i < holds.length; i++) {
      const id = holds[i]!.idOf(key);
      if (id !== undefined) {
        holds[i]!.put(id, value);
        return;
      }
    }
    if (this.held === null) {
      this.db.putSync(key, value);
      return;
    }
    const id = heldId(key);
    const row = this.held.get(id);
    if (row) {
      row.value = value;
      row.changed = true;
    } else this.held.set(id, { key, value, changed: true });
  }

  append(key: Key, value: unknown): void {
    // Written at once: a held row written later has a lower key, which an append never needs to pass.
    // lmdb's types say void; it returns false when the key is not after the last one.
    const appended = this.db.putSync(key, value, { append: true }) as unknown as boolean;
    if (!appended) throw new Error(`append: ${JSON.stringify(key)} is not after every key of the read model`);
  }

  remove(key: Key): void {
    const holds = this.holds;
    for (let i = 0; i < holds.length; i++) {
      const id = holds[i]!.idOf(key);
      if (id !== undefined) {
        holds[i]!.remove(id);
        return;
      }
    }
    if (this.held === null) {
      this.db.removeSync(key);
      return;
    }
    this.held.set(heldId(key), { key, value: ABSENT, changed: true });
  }

  /** Writes the held rows that changed (write-back only); they stay held, now unchanged. */
  flush(): void {
    if (this.held === null) return;
    for (const row of this.held.values()) {
      if (!row.changed) continue;
      row.changed = false;
      if (row.value === ABSENT) this.db.removeSync(row.key);
      else this.db.putSync(row.key, row.value);
    }
  }
}
