import type { Database } from 'lmdb';
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

/**
 * The transaction handle given to `evolve`. It is only used inside `transactionSync`, where lmdb
 * runs puts synchronously in the open write transaction, so gets see the batch's earlier writes.
 */
export class LmdbReadModelTx implements ReadModelTx {
  constructor(private readonly db: Database) {}

  get<T = unknown>(key: Key): T | undefined {
    return this.db.get(key) as T | undefined;
  }

  range<T = unknown>(opts: RangeOptions): Iterable<{ key: Key; value: T }> {
    return range<T>(this.db, opts);
  }

  put(key: Key, value: unknown): void {
    this.db.putSync(key, value);
  }

  remove(key: Key): void {
    this.db.removeSync(key);
  }
}
