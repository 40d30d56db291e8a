import type { Database } from 'lmdb';
import type { HeldBytes, HeldObjects, HeldRowStore, Key, ProjectionDefinition, RangeOptions } from './types';

/**
 * What a first build holds in memory across its batches instead of reading and rewriting it in the
 * read model (ProjectionDefinition.holdInFirstBuild): which keys it holds (`idOf`), their rows by id,
 * and each batch's changes kept revocable, so a batch whose `evolve` throws leaves the held rows as
 * the last committed batch left them, as its aborted transaction leaves the read model.
 */
export interface FirstBuildHold {
  readonly size: number;
  /**
   * The holds this one is made of: itself, or a group's members. A transaction asks them key by key
   * (a group's own methods name a row by its member's number and id, a string built for every call).
   */
  readonly parts: readonly FirstBuildHold[];
  /** The held rows, for messages ("rows under 'xp'"). */
  readonly described: string;
  /** The id of a held key, or undefined for any other key. */
  idOf(key: Key): string | undefined;
  /** Whether a range may meet held keys (`evolve` may not range over them). */
  meets(range: RangeOptions): boolean;
  get(id: string): unknown;
  put(id: string, value: unknown): void;
  remove(id: string): void;
  /** A batch begins: its changes are revocable until `keep` or `revoke`. */
  begin(): void;
  keep(): void;
  /** Puts back what the batch changed. */
  revoke(): void;
  /** Writes every held row into `db` (inside the caller's transaction); returns how many. */
  writeTo(db: Database): number;
}

/** The hold a first build of `definition` keeps, if it declares one (several: a group of them). */
export function holdFor(definition: ProjectionDefinition): FirstBuildHold | undefined {
  const declared = definition.holdInFirstBuild;
  if (!declared) return undefined;
  const list: readonly (HeldBytes | HeldObjects)[] = Array.isArray(declared) ? declared : [declared];
  const seen = new Set<string>();
  const holds = list.map((hold): FirstBuildHold => {
    const prefixes = 'prefixes' in hold ? hold.prefixes : [hold.prefix];
    for (const prefix of prefixes) {
      if (seen.has(prefix)) throw new Error(`${definition.name}: rows under '${prefix}' are held twice`);
      seen.add(prefix);
    }
    if (!('prefixes' in hold)) return new RowHold(hold.prefix, hold.create());
    if (definition.writeBack !== true)
      throw new Error(
        `${definition.name}: a hold of rows as objects needs writeBack (objects are held as put)`,
      );
    return new ObjectRowHold(hold.prefixes);
  });
  if (holds.length === 0) return undefined;
  return holds.length === 1 ? holds[0] : new HoldGroup(holds);
}

/** Several holds of one copy: an id is its hold's number (one character) followed by that hold's id. */
export class HoldGroup implements FirstBuildHold {
  constructor(private readonly holds: readonly FirstBuildHold[]) {
    if (holds.length > 64) throw new Error('a group holds at most 64 kinds of rows');
  }

  get parts(): readonly FirstBuildHold[] {
    return this.holds;
  }

  get size(): number {
    let size = 0;
    for (const hold of this.holds) size += hold.size;
    return size;
  }

  get described(): string {
    return this.holds.map((hold) => hold.described).join('; ');
  }

  idOf(key: Key): string | undefined {
    for (let i = 0; i < this.holds.length; i++) {
      const id = this.holds[i]!.idOf(key);
      if (id !== undefined) return String.fromCharCode(48 + i) + id;
    }
    return undefined;
  }

  meets(range: RangeOptions): boolean {
    return this.holds.some((hold) => hold.meets(range));
  }

  get(id: string): unknown {
    return this.holdOf(id).get(id.slice(1));
  }

  put(id: string, value: unknown): void {
    this.holdOf(id).put(id.slice(1), value);
  }

  remove(id: string): void {
    this.holdOf(id).remove(id.slice(1));
  }

  begin(): void {
    for (const hold of this.holds) hold.begin();
  }

  keep(): void {
    for (const hold of this.holds) hold.keep();
  }

  revoke(): void {
    for (const hold of this.holds) hold.revoke();
  }

  writeTo(db: Database): number {
    let written = 0;
    for (const hold of this.holds) written += hold.writeTo(db);
    return written;
  }

  private holdOf(id: string): FirstBuildHold {
    const hold = this.holds[id.charCodeAt(0) - 48];
    if (!hold) throw new Error(`no held rows for id ${JSON.stringify(id)}`);
    return hold;
  }
}

/** Held rows by id: a HeldRowStore, or a Map. */
interface RowsById<V> {
  readonly size: number;
  get(id: string): V | undefined;
  set(id: string, value: V): void;
  delete(id: string): void;
}

/**
 * Held rows with each batch's changes kept revocable, so a batch whose `evolve` throws leaves the held
 * rows as the last committed batch left them, as its aborted transaction leaves the read model.
 */
abstract class RevocableHold<V> implements FirstBuildHold {
  /**
   * The open batch's undo log, in the order of its changes: each change's id and the row's value before
   * it (undefined: none; no row is undefined). Revoked backwards, so an id changed twice ends with the
   * value it had before the batch. Two arrays rather than a map by id: a change costs two pushes, not a
   * hash of its id (a batch makes tens of thousands).
   */
  private undoIds: string[] | null = null;
  private undoValues: (V | undefined)[] = [];
  readonly parts: readonly FirstBuildHold[] = [this];

  protected constructor(private readonly rows: RowsById<V>) {}

  abstract readonly described: string;
  abstract idOf(key: Key): string | undefined;
  abstract meets(range: RangeOptions): boolean;
  abstract writeTo(db: Database): number;
  /** What is held for `value` given to `put` (throws when it cannot be held). */
  protected abstract accepted(value: unknown): V;
  /** What the undo keeps of a row's value (a copy where the store reuses a row's memory). */
  protected abstract kept(value: V): V;

  get size(): number {
    return this.rows.size;
  }

  get(id: string): V | undefined {
    return this.rows.get(id);
  }

  put(id: string, value: unknown): void {
    const held = this.accepted(value);
    this.remember(id);
    this.rows.set(id, held);
  }

  remove(id: string): void {
    this.remember(id);
    this.rows.delete(id);
  }

  begin(): void {
    this.undoIds = [];
    this.undoValues = [];
  }

  keep(): void {
    this.undoIds = null;
    this.undoValues = [];
  }

  revoke(): void {
    const ids = this.undoIds;
    const values = this.undoValues;
    this.keep();
    if (!ids) return;
    for (let i = ids.length - 1; i >= 0; i--) {
      const value = values[i];
      if (value === undefined) this.rows.delete(ids[i]!);
      else this.rows.set(ids[i]!, value);
    }
  }

  private remember(id: string): void {
    const ids = this.undoIds;
    if (!ids) return;
    const value = this.rows.get(id);
    ids.push(id);
    this.undoValues.push(value === undefined ? undefined : this.kept(value));
  }
}

/** Whether a range may meet keys whose first part is `prefix` (bounds compared by their first part). */
function rangeMeets({ start, end }: RangeOptions, prefix: string): boolean {
  const first = (key: Key | undefined): string | number | undefined => (Array.isArray(key) ? key[0] : key);
  const low = first(start);
  const high = first(end);
  const above = low === undefined || typeof low === 'number' || low <= prefix;
  const below = high === undefined || (typeof high === 'string' && high >= prefix);
  return above && below;
}

/**
 * The rows a first build holds in memory (ProjectionDefinition.holdInFirstBuild), across its batches:
 * which keys are held (`[prefix, id]`), and each batch's changes kept revocable, so a batch whose
 * `evolve` throws leaves the held rows as the last committed batch left them, as its aborted
 * transaction leaves the read model.
 */
export class RowHold extends RevocableHold<Uint8Array> {
  constructor(
    readonly prefix: string,
    private readonly store: HeldRowStore,
  ) {
    super(store);
  }

  get described(): string {
    return `rows under '${this.prefix}'`;
  }

  /** The id of a held key, or undefined for any other key. */
  idOf(key: Key): string | undefined {
    if (!Array.isArray(key) || key.length !== 2 || key[0] !== this.prefix) return undefined;
    const id = key[1];
    return typeof id === 'string' ? id : undefined;
  }

  /** Whether a range may meet held keys (their first part is the prefix; bounds compared by it). */
  meets(range: RangeOptions): boolean {
    return rangeMeets(range, this.prefix);
  }

  /** Writes every held row into `db` (inside the caller's transaction). */
  writeTo(db: Database): number {
    let written = 0;
    for (const [id, bytes] of this.store.entries()) {
      db.putSync([this.prefix, id], bytes);
      written++;
    }
    return written;
  }

  protected accepted(value: unknown): Uint8Array {
    if (value instanceof Uint8Array) return value;
    throw new TypeError(
      `a row under '${this.prefix}' is held as bytes during a first build; got ${typeof value}`,
    );
  }

  /** Copied: the store may reuse the row's bytes in place. */
  protected kept(value: Uint8Array): Uint8Array {
    return value.slice();
  }
}

/** An object hold's row id: its key's parts, each tagged with its kind ('s' text, 'n' number). */
const SEPARATOR = '\u0001';

/**
 * Rows whose key begins with one of `prefixes` (any number of parts, text or numbers), held as the
 * objects `evolve` puts: a projection whose rows of a kind are spread over a B-tree larger than the
 * page cache, several touched by each event (the waiting lists' queue, history and current entries),
 * where each batch's commit rewrote a page per row. Only with `writeBack`, whose contract is that no
 * object is changed after its put; held values are frozen (shallowly) so an `evolve` that breaks it
 * throws. Written at the end sorted by id, which is the keys' order where every part is text
 * (what the B-tree fills fastest).
 */
export class ObjectRowHold extends RevocableHold<unknown> {
  private readonly prefixes: ReadonlySet<string>;
  private readonly objects: Map<string, unknown>;

  constructor(prefixes: readonly string[]) {
    const objects = new Map<string, unknown>();
    super(objects);
    if (prefixes.length === 0) throw new Error('a hold of rows as objects needs at least one prefix');
    this.objects = objects;
    this.prefixes = new Set(prefixes);
  }

  get described(): string {
    return `rows under ${[...this.prefixes].map((p) => `'${p}'`).join(', ')}`;
  }

  idOf(key: Key): string | undefined {
    if (!Array.isArray(key) || key.length < 2) return undefined;
    const prefix = key[0];
    if (typeof prefix !== 'string' || !this.prefixes.has(prefix)) return undefined;
    let id = '';
    for (const part of key) {
      if (typeof part === 'number') id += `${SEPARATOR}n${part}`;
      else if (part.includes(SEPARATOR)) return undefined;
      else id += `${SEPARATOR}s${part}`;
    }
    return id;
  }

  meets(range: RangeOptions): boolean {
    for (const prefix of this.prefixes) if (rangeMeets(range, prefix)) return true;
    return false;
  }

  writeTo(db: Database): number {
    const ids = [...this.objects.keys()].sort();
    for (const id of ids) db.putSync(keyOf(id), this.objects.get(id));
    return ids.length;
  }

  protected accepted(value: unknown): unknown {
    if (value === undefined) throw new TypeError(`${this.described}: a held row cannot be undefined`);
    return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
  }

  /** Values are never changed after their put: the one held is what the batch found. */
  protected kept(value: unknown): unknown {
    return value;
  }
}

/** The key of an object hold's row id. */
function keyOf(id: string): (string | number)[] {
  const parts = id.split(SEPARATOR);
  const key: (string | number)[] = [];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    key.push(part[0] === 'n' ? Number(part.slice(1)) : part.slice(1));
  }
  return key;
}
