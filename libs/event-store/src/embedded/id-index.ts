import type { StoreDatabases } from './lmdb-env';
import { idKey } from './lmdb-env';

const INDEXED_UP_TO = 'event-ids-indexed-up-to';
/** Ids kept in memory before they are written to the index in one sorted sweep. */
export const ID_INDEX_SWEEP_THRESHOLD = 100_000;

/**
 * The event-id index for exact idempotency. Random uuid keys make per-append index inserts touch
 * a page each, so recent ids live in memory and reach LMDB in large sorted sweeps (one page touched
 * per many ids). The index records up to which position it is complete; on open, the log after that
 * position is re-read into memory, so a crash between sweeps loses nothing.
 */
export class IdIndex {
  private pending = new Map<string, number>();
  private indexedUpTo: number;

  constructor(
    private readonly dbs: StoreDatabases,
    head: number,
  ) {
    this.indexedUpTo = (dbs.meta.get(INDEXED_UP_TO) as number | undefined) ?? 0;
    for (const { key, value } of dbs.log.getRange({ start: this.indexedUpTo + 1, end: head + 1 })) {
      this.pending.set(value.i, key);
    }
  }

  /** Position of the latest event written with this id, if any. */
  lookup(id: string): number | undefined {
    return this.pending.get(id) ?? this.dbs.ids.get(idKey(id));
  }

  /**
   * A look-up for ids between `low` and `high` (lower case). When the index holds no key in that
   * range (a fresh import of ids in increasing order, as the generator makes them), one native range
   * count answers for all of them and only the in-memory ids are consulted.
   */
  probeRange(low: string, high: string): (id: string) => number | undefined {
    const end = Buffer.concat([idKey(high), Buffer.of(0)]);
    // Counted natively: the keys are raw bytes, which lmdb-js cannot decode back into values.
    const noneIndexed = this.dbs.ids.getKeysCount({ start: idKey(low), end, limit: 1 }) === 0;
    return noneIndexed ? (id) => this.pending.get(id) : (id) => this.lookup(id);
  }

  record(id: string, position: number): void {
    this.pending.set(id, position);
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Writes the ids of `events` (in strictly increasing order, none of them indexed yet), the first at
   * position `first` and each next one at the next position, straight to the index with the in-memory
   * ids; `head` is the last position written. Inside the caller's write transaction.
   */
  writeInOrder(events: readonly { readonly id: string }[], first: number, head: number): void {
    this.sweep(first - 1);
    const count = events.length;
    if (count > 0) {
      const append = this.aboveEveryIndexed(events[0]!.id);
      for (let k = 0; k < count; k++) this.dbs.ids.putSync(idKey(events[k]!.id), first + k, { append });
    }
    this.dbs.meta.putSync(INDEXED_UP_TO, head);
    this.indexedUpTo = head;
  }

  /** Whether `id` sorts after every indexed id: ids from it upwards can be appended at the B-tree's end. */
  private aboveEveryIndexed(id: string): boolean {
    return this.dbs.ids.getKeysCount({ start: idKey(id), limit: 1 }) === 0;
  }

  /** Writes the in-memory ids, in key order, inside the caller's write transaction. */
  sweep(head: number): void {
    if (this.pending.size === 0) return;
    // Lower-case hex with dashes at fixed places sorts like the 16-byte keys.
    const ids = [...this.pending.keys()].sort();
    // Ids above every indexed one (a fresh import of ids in increasing order) are appended at the B-tree's
    // end: no search down the tree for each.
    const append = this.aboveEveryIndexed(ids[0]!);
    for (const id of ids) this.dbs.ids.putSync(idKey(id), this.pending.get(id)!, { append });
    this.dbs.meta.putSync(INDEXED_UP_TO, head);
    this.indexedUpTo = head;
    this.pending = new Map();
  }
}
