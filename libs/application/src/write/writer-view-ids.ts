import { hashText, mixWords, uuidOfWords, uuidWords } from '@flr/domain';
import { GrowableColumn, uint32Column } from './writer-view-columns';

/**
 * An open-addressing hash table of ordinals (linear probing, at most 3/4 full): the keys live with
 * the caller (a column per ordinal), so a slot costs 4 bytes whatever the key. `hashOf` gives the
 * hash of the key an ordinal is stored under (for growing and deleting).
 */
export class OrdinalTable {
  /** ordinal + 1 per slot; 0 = empty. */
  private slots: Int32Array = new Int32Array(1024);
  private count = 0;

  constructor(private readonly hashOf: (ordinal: number) => number) {}

  get size(): number {
    return this.count;
  }

  /** The ordinal stored under the key (`matches` tells it apart from others with its hash), or -1. */
  find(hash: number, matches: (ordinal: number) => boolean): number {
    const slot = this.slotOf(hash, matches);
    return slot < 0 ? -1 : this.slots[slot]! - 1;
  }

  /** Stores `ordinal` under the key, replacing what the key held. */
  put(hash: number, ordinal: number, matches: (ordinal: number) => boolean): void {
    const slot = this.slotOf(hash, matches);
    if (slot >= 0) {
      this.slots[slot] = ordinal + 1;
      return;
    }
    if ((this.count + 1) * 4 > this.slots.length * 3) this.grow();
    this.insert(hash, ordinal);
    this.count++;
  }

  /** Removes the key; later slots of its probe run move back (no tombstones). */
  remove(hash: number, matches: (ordinal: number) => boolean): boolean {
    let hole = this.slotOf(hash, matches);
    if (hole < 0) return false;
    const slots = this.slots;
    const mask = slots.length - 1;
    slots[hole] = 0;
    this.count--;
    for (let slot = (hole + 1) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const home = this.hashOf(slots[slot]! - 1) & mask;
      // The entry may fill the hole unless its home lies cyclically in (hole, slot].
      const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
      if (stays) continue;
      slots[hole] = slots[slot]!;
      slots[slot] = 0;
      hole = slot;
    }
    return true;
  }

  *ordinals(): Generator<number> {
    for (const value of this.slots) if (value !== 0) yield value - 1;
  }

  /** The slots as they are (a restore takes them back, it does not rehash every key). */
  snapshot(): { slots: Int32Array; count: number } {
    return { slots: this.slots, count: this.count };
  }

  /** Takes `snapshot.slots` as the table (no copy: the caller gives them up). */
  restore(snapshot: { slots: Int32Array; count: number }): void {
    const length = snapshot.slots.length;
    if (length < 16 || (length & (length - 1)) !== 0)
      throw new Error(`a table of ${length} slots is damaged`);
    if (!(snapshot.count >= 0 && snapshot.count * 4 <= length * 3))
      throw new Error(`a table of ${length} slots cannot hold ${snapshot.count}`);
    this.slots = snapshot.slots;
    this.count = snapshot.count;
  }

  private slotOf(hash: number, matches: (ordinal: number) => boolean): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const value = slots[slot]!;
      if (value === 0) return -1;
      if (matches(value - 1)) return slot;
    }
  }

  private insert(hash: number, ordinal: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = ordinal + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (const value of old) if (value !== 0) this.insert(this.hashOf(value - 1), value - 1);
  }
}

export { mixWords };

/**
 * Ids by ordinal: a lowercase uuid (every id the register makes) as four 32-bit words, 16 bytes
 * instead of a 36-character string; any other id (tests, imported data) as its text.
 */
export class IdColumn {
  private readonly words: GrowableColumn<Uint32Array> = uint32Column();
  private readonly texts = new Map<number, string>();

  /** Stores `id` at `ordinal`. */
  set(ordinal: number, id: string): void {
    const parsed = uuidWords(id);
    if (parsed === null) {
      this.texts.set(ordinal, id);
      return;
    }
    this.texts.delete(ordinal);
    const words = this.words.reserve(ordinal * 4 + 3);
    for (let w = 0; w < 4; w++) words[ordinal * 4 + w] = parsed[w]!;
  }

  get(ordinal: number): string {
    const text = this.texts.get(ordinal);
    return text !== undefined ? text : uuidOfWords(this.words.array, ordinal * 4);
  }

  /** Whether `ordinal` holds `id` (without building the ordinal's text). */
  holds(ordinal: number, id: string, key: IdKey): boolean {
    if (key.words === null) return this.texts.get(ordinal) === id;
    if (this.texts.has(ordinal)) return false;
    const words = this.words.array;
    const base = ordinal * 4;
    return (
      words[base] === key.words[0] &&
      words[base + 1] === key.words[1] &&
      words[base + 2] === key.words[2] &&
      words[base + 3] === key.words[3]
    );
  }

  /** The hash `keyOf(id).hash` gives for the id at `ordinal`. */
  hashAt(ordinal: number): number {
    const text = this.texts.get(ordinal);
    if (text !== undefined) return hashText(text);
    const words = this.words.array;
    const base = ordinal * 4;
    return mixWords(words[base]!, words[base + 1]!, words[base + 2]!, words[base + 3]!);
  }

  /** Gives back the spare room past `count` ids (see `GrowableColumn.trim`). */
  trim(count: number): void {
    this.words.trim(count * 4);
  }

  snapshot(count: number): { words: Uint32Array; texts: [number, string][] } {
    return { words: this.words.cells(count * 4), texts: [...this.texts] };
  }

  restore(snapshot: { words: Uint32Array; texts: [number, string][] }): void {
    this.words.load(snapshot.words);
    this.texts.clear();
    for (const [ordinal, text] of snapshot.texts) this.texts.set(ordinal, text);
  }
}

/** An id parsed once for look-ups: its words (a lowercase uuid) or null (kept as text), and its hash. */
export interface IdKey {
  readonly words: readonly [number, number, number, number] | null;
  readonly hash: number;
}

export function keyOf(id: string): IdKey {
  const words = uuidWords(id);
  if (words === null) return { words: null, hash: hashText(id) };
  // The column holds the words unsigned.
  const w = words.map((word) => word >>> 0) as [number, number, number, number];
  return { words: w, hash: mixWords(w[0], w[1], w[2], w[3]) };
}

/** Interns person ids as ordinals 0, 1, ... in the order they are first seen. */
export class PersonIds {
  private readonly ids = new IdColumn();
  private readonly table = new OrdinalTable((ordinal) => this.ids.hashAt(ordinal));
  count = 0;

  /** The person's ordinal, or -1 for an id never seen. */
  find(personId: string): number {
    const key = keyOf(personId);
    return this.table.find(key.hash, (ordinal) => this.ids.holds(ordinal, personId, key));
  }

  intern(personId: string): number {
    const key = keyOf(personId);
    const matches = (ordinal: number) => this.ids.holds(ordinal, personId, key);
    const found = this.table.find(key.hash, matches);
    if (found >= 0) return found;
    const ordinal = this.count++;
    this.ids.set(ordinal, personId);
    this.table.put(key.hash, ordinal, matches);
    return ordinal;
  }

  idOf(ordinal: number): string {
    return this.ids.get(ordinal);
  }

  /** Gives back the spare room a fold from the whole log left in the id column. */
  compact(): void {
    this.ids.trim(this.count);
  }

  snapshot() {
    return { count: this.count, ids: this.ids.snapshot(this.count), table: this.table.snapshot() };
  }

  restore(snapshot: ReturnType<PersonIds['snapshot']>): void {
    this.ids.restore(snapshot.ids);
    this.count = snapshot.count;
    this.table.restore(snapshot.table);
  }
}
