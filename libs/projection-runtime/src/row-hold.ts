import type { Database } from 'lmdb';
import type { HeldRowStore, Key, RangeOptions } from './types';

/**
 * The rows a first build holds in memory (ProjectionDefinition.holdInFirstBuild), across its batches:
 * which keys are held (`[prefix, id]`), and each batch's changes kept revocable, so a batch whose
 * `evolve` throws leaves the held rows as the last committed batch left them, as its aborted
 * transaction leaves the read model.
 */
export class RowHold {
  /** Per id touched by the open batch, its bytes before it (a copy; undefined: none). */
  private undo: Map<string, Uint8Array | undefined> | null = null;

  constructor(
    readonly prefix: string,
    private readonly rows: HeldRowStore,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  /** The id of a held key, or undefined for any other key. */
  idOf(key: Key): string | undefined {
    if (!Array.isArray(key) || key.length !== 2 || key[0] !== this.prefix) return undefined;
    const id = key[1];
    return typeof id === 'string' ? id : undefined;
  }

  /** Whether a range may meet held keys (their first part is the prefix; bounds compared by it). */
  meets({ start, end }: RangeOptions): boolean {
    const first = (key: Key | undefined): string | number | undefined => (Array.isArray(key) ? key[0] : key);
    const low = first(start);
    const high = first(end);
    const above = (part: string | number | undefined) =>
      part === undefined || typeof part === 'number' || part <= this.prefix;
    const below = (part: string | number | undefined) =>
      part === undefined || (typeof part === 'string' && part >= this.prefix);
    return above(low) && below(high);
  }

  get(id: string): Uint8Array | undefined {
    return this.rows.get(id);
  }

  put(id: string, value: unknown): void {
    if (!(value instanceof Uint8Array)) {
      throw new TypeError(
        `a row under '${this.prefix}' is held as bytes during a first build; got ${typeof value}`,
      );
    }
    this.remember(id);
    this.rows.set(id, value);
  }

  remove(id: string): void {
    this.remember(id);
    this.rows.delete(id);
  }

  /** A batch begins: its changes are revocable until `keep` or `revoke`. */
  begin(): void {
    this.undo = new Map();
  }

  keep(): void {
    this.undo = null;
  }

  /** Puts back what the batch changed. */
  revoke(): void {
    const undo = this.undo;
    this.undo = null;
    if (!undo) return;
    for (const [id, before] of undo) {
      if (before === undefined) this.rows.delete(id);
      else this.rows.set(id, before);
    }
  }

  /** Writes every held row into `db` (inside the caller's transaction). */
  writeTo(db: Database): number {
    let written = 0;
    for (const [id, bytes] of this.rows.entries()) {
      db.putSync([this.prefix, id], bytes);
      written++;
    }
    return written;
  }

  private remember(id: string): void {
    const undo = this.undo;
    if (!undo || undo.has(id)) return;
    const before = this.rows.get(id);
    undo.set(id, before === undefined ? undefined : before.slice());
  }
}
