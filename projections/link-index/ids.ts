import { hashText, mixWords, uuidOfWords, uuidWords } from '@flr/domain';
import { int32Column } from './columns';

/**
 * Ids by number (person ids, association ids): a lowercase uuid (every id the register makes) as
 * four 32-bit words, 16 bytes in one flat column instead of a string object each; any other id (test
 * names, imported data) as its text. At national size that is 27 M strings the garbage collector
 * never has to walk, and a snapshot of them is bytes.
 */
export class IdColumn {
  private readonly words = int32Column();
  private readonly texts = new Map<number, string>();
  count = 0;

  /** Stores `id` as the next number and returns it (`key`: the id's, when the caller has it). */
  push(id: string, key: IdKey = keyOf(id)): number {
    const n = this.count++;
    const words = this.words.reserve(n * 4 + 3);
    const parsed = key.words;
    if (parsed === null) this.texts.set(n, id);
    else for (let w = 0; w < 4; w++) words[n * 4 + w] = parsed[w]!;
    return n;
  }

  /** The id stored as `n`. */
  at(n: number): string {
    const text = this.texts.size === 0 ? undefined : this.texts.get(n);
    return text !== undefined ? text : uuidOfWords(this.words.array, n * 4);
  }

  /** Whether `n` holds the id `key` was made from, without building n's text. */
  holds(n: number, key: IdKey): boolean {
    if (key.words === null) return this.texts.get(n) === key.text;
    if (this.texts.size > 0 && this.texts.has(n)) return false;
    const words = this.words.array;
    const base = n * 4;
    return (
      words[base] === key.words[0] &&
      words[base + 1] === key.words[1] &&
      words[base + 2] === key.words[2] &&
      words[base + 3] === key.words[3]
    );
  }

  /** The order of id `n` against `key`'s id, as strings compare (negative: n's id sorts first). */
  compare(n: number, key: IdKey): number {
    if (key.words === null || (this.texts.size > 0 && this.texts.has(n))) {
      const mine = this.at(n);
      return mine < key.text ? -1 : mine > key.text ? 1 : 0;
    }
    // Lowercase hex of the same length sorts as the words do, unsigned, most significant first.
    const words = this.words.array;
    for (let w = 0; w < 4; w++) {
      const mine = words[n * 4 + w]! >>> 0;
      const theirs = key.words[w]! >>> 0;
      if (mine !== theirs) return mine < theirs ? -1 : 1;
    }
    return 0;
  }

  /** A hash of id `n`, equal to `keyOf(id).hash` for the same id. */
  hashAt(n: number): number {
    const text = this.texts.get(n);
    if (text !== undefined) return hashText(text);
    const words = this.words.array;
    const base = n * 4;
    return mixWords(words[base]!, words[base + 1]!, words[base + 2]!, words[base + 3]!);
  }

  /** The words of the first `count` ids and the texts, for a snapshot. */
  snapshot(): { words: Int32Array; texts: [number, string][] } {
    return { words: this.words.array.subarray(0, this.count * 4), texts: [...this.texts] };
  }

  restore(count: number, words: Int32Array<ArrayBuffer>, texts: readonly [number, string][]): void {
    if (words.length !== count * 4) throw new Error(`${words.length} id words for ${count} ids`);
    this.words.load(words, count * 4);
    this.texts.clear();
    for (const [n, text] of texts) this.texts.set(n, text);
    this.count = count;
  }
}

/** An id parsed once for look-ups and comparisons: its words (a lowercase uuid) or null, and its hash. */
export interface IdKey {
  readonly text: string;
  readonly words: readonly [number, number, number, number] | null;
  readonly hash: number;
}

/**
 * The keys made last, newest at `lastKeys[lastKey]`: one event's ids are looked up several times
 * (the link index finds a person and interns them, the person register does both again for the same
 * id; a listing looks its association id up, then stores it), and each was parsed every time.
 */
const KEPT_KEYS = 4;
const lastKeys: (IdKey | undefined)[] = new Array(KEPT_KEYS).fill(undefined);
let lastKey = 0;

export function keyOf(id: string): IdKey {
  for (let i = 0; i < KEPT_KEYS; i++) {
    const kept = lastKeys[i];
    if (kept !== undefined && kept.text === id) return kept;
  }
  const w = uuidWords(id);
  const key = { text: id, words: w, hash: w === null ? hashText(id) : mixWords(w[0], w[1], w[2], w[3]) };
  lastKey = (lastKey + 1) % KEPT_KEYS;
  lastKeys[lastKey] = key;
  return key;
}

/**
 * Ids interned as numbers 0, 1, ... in the order first seen, found again through an open-addressing
 * table of 4-byte slots (no Map entry and no string per id).
 */
export class IdTable {
  readonly ids = new IdColumn();
  /** number + 1 per slot; 0 = empty. At most half full. */
  private slots = new Int32Array(1024);

  get count(): number {
    return this.ids.count;
  }

  /** The number of `id`, or -1. */
  find(id: string): number {
    return this.findKey(keyOf(id));
  }

  findKey(key: IdKey): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = key.hash & mask; ; slot = (slot + 1) & mask) {
      const value = slots[slot]!;
      if (value === 0) return -1;
      if (this.ids.holds(value - 1, key)) return value - 1;
    }
  }

  /** The number of `id`, interned now if it was never seen. */
  intern(id: string): number {
    const key = keyOf(id);
    const found = this.findKey(key);
    if (found >= 0) return found;
    const n = this.ids.push(id, key);
    if ((n + 1) * 2 > this.slots.length) this.grow();
    this.insert(key.hash, n);
    return n;
  }

  at(n: number): string {
    return this.ids.at(n);
  }

  /** Puts back a snapshot's ids, yielding after every `perSlice` of them are found again. */
  *restoreInSlices(
    count: number,
    words: Int32Array<ArrayBuffer>,
    texts: readonly [number, string][],
    perSlice: number,
  ): Generator<void, void, void> {
    this.ids.restore(count, words, texts);
    let size = 1024;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size);
    for (let n = 0; n < count; n++) {
      this.insert(this.ids.hashAt(n), n);
      if ((n + 1) % perSlice === 0) yield;
    }
  }

  private insert(hash: number, n: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = n + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (const value of old) if (value !== 0) this.insert(this.ids.hashAt(value - 1), value - 1);
  }
}
