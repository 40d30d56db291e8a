import { ninValue } from '@flr/domain';
import { touch } from './touch';

/**
 * National identity numbers held as numbers (11 digits fit a double exactly) in an open-addressing
 * hash table of typed arrays: nin -> entry number, and the person whose nin it is now. No JS object
 * per person, and a lookup is a few array reads. Each slot is four int32 cells side by side, the nin's
 * high and low 32 bits, the entry and the current person, so a lookup touches one place in memory: a
 * question about now finds the person without reading the entry's columns (at national size, one
 * cache miss instead of three). A nin of 0 marks an empty slot (no valid nin is 0).
 */
export class NinTable {
  private cells: Int32Array;
  private slots: number;
  private count = 0;

  constructor(capacity = 1024) {
    this.slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.cells = new Int32Array(this.slots * SLOT);
  }

  get size(): number {
    return this.count;
  }

  /** The entry number stored for `nin`, or -1. */
  get(nin: number): number {
    return this.valueAt(this.cellOf(nin), 2);
  }

  /** The person whose nin this is now (the entry's person while the entry has not ended), or -1. */
  currentPerson(nin: number): number {
    return this.valueAt(this.cellOf(nin), 3);
  }

  /**
   * `currentPerson` of `nins[0..count)` into `out` (-1 for a nin ≤ 0, as `ninValue` refuses one): the
   * batch's home slots are computed first and read in a loop that does nothing else, so their cache
   * misses are in flight together (a lookup at a time leaves the processor one or two at once); the
   * probes that follow then read cached lines.
   */
  currentPersons(nins: Float64Array, count: number, out: Int32Array): void {
    this.lookupMany(nins, count, out, 3);
  }

  /** `get` of `nins[0..count)` into `out` (-1 for a nin ≤ 0), in the same passes as `currentPersons`. */
  getMany(nins: Float64Array, count: number, out: Int32Array): void {
    this.lookupMany(nins, count, out, 2);
  }

  private lookupMany(nins: Float64Array, count: number, out: Int32Array, cell: 2 | 3): void {
    const mask = this.slots - 1;
    const home = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const nin = nins[i]!;
      home[i] = hash((nin % TWO_32) | 0, (nin / TWO_32) | 0) & mask;
    }
    touch(this.cells, home, count, SLOT);
    for (let i = 0; i < count; i++) {
      const nin = nins[i]!;
      out[i] = nin <= 0 ? -1 : this.valueAt(this.cellOf(nin), cell);
    }
  }

  /** Cell `cell` (2: entry, 3: current person) of the slot at `at`, or -1 when the slot is empty. */
  private valueAt(at: number, cell: 2 | 3): number {
    return this.cells[at + 1] === 0 && this.cells[at] === 0 ? -1 : this.cells[at + cell]!;
  }

  /** Stores `nin`'s entry and its current person (-1: the entry has ended). */
  set(nin: number, value: number, currentPerson: number): void {
    if ((this.count + 1) * 2 > this.slots) this.grow();
    const at = this.cellOf(nin);
    const cells = this.cells;
    if (cells[at] === 0 && cells[at + 1] === 0) {
      cells[at] = (nin / TWO_32) | 0;
      cells[at + 1] = (nin % TWO_32) | 0;
      this.count++;
    }
    cells[at + 2] = value;
    cells[at + 3] = currentPerson;
  }

  /** `nin` resolves to nobody now (its entry ended); a nin not in the table is left alone. */
  endCurrent(nin: number): void {
    const at = this.cellOf(nin);
    if (this.cells[at] !== 0 || this.cells[at + 1] !== 0) this.cells[at + 3] = -1;
  }

  /** Sets every slot's current person from its entry (after a snapshot's entries are loaded). */
  refreshCurrent(currentPersonOf: (entry: number) => number): void {
    const cells = this.cells;
    for (let at = 0; at < cells.length; at += SLOT) {
      if (cells[at] !== 0 || cells[at + 1] !== 0) cells[at + 3] = currentPersonOf(cells[at + 2]!);
    }
  }

  /** The first cell of `nin`'s slot, or of the empty slot where it would go. */
  private cellOf(nin: number): number {
    const high = (nin / TWO_32) | 0;
    const low = (nin % TWO_32) | 0;
    const cells = this.cells;
    const mask = this.slots - 1;
    for (let slot = hash(low, high) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const h = cells[at]!;
      const l = cells[at + 1]!;
      if ((l === low && h === high) || (l === 0 && h === 0)) return at;
    }
  }

  /** Every (nin, entry) pair, for snapshots. */
  entries(): { nins: Float64Array; values: Int32Array } {
    const nins = new Float64Array(this.count);
    const values = new Int32Array(this.count);
    let i = 0;
    this.forEach((nin, value) => {
      nins[i] = nin;
      values[i++] = value;
    });
    return { nins, values };
  }

  private forEach(visit: (nin: number, value: number) => void): void {
    const cells = this.cells;
    for (let at = 0; at < cells.length; at += SLOT) {
      const high = cells[at]!;
      const low = cells[at + 1]!;
      if (high !== 0 || low !== 0) visit(high * TWO_32 + (low >>> 0), cells[at + 2]!);
    }
  }

  /** Makes room for `count` nins at once (a snapshot's), instead of doubling and rehashing on the way. */
  reserve(count: number): void {
    let slots = this.slots;
    while ((count + 1) * 2 > slots) slots *= 2;
    if (slots > this.slots) this.grow(slots);
  }

  private grow(slots = this.slots * 2): void {
    const cells = this.cells;
    this.slots = slots;
    this.cells = new Int32Array(this.slots * SLOT);
    this.count = 0;
    for (let at = 0; at < cells.length; at += SLOT) {
      const high = cells[at]!;
      const low = cells[at + 1]!;
      if (high !== 0 || low !== 0) this.set(high * TWO_32 + (low >>> 0), cells[at + 2]!, cells[at + 3]!);
    }
  }
}

/** Cells per slot: the nin's high 32 bits, its low 32 bits, the entry, the current person. */
const SLOT = 4;
const TWO_32 = 4294967296;

function hash(low: number, high: number): number {
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}

/** A register nin (11 digits) as a number; anything else is refused loudly rather than mis-indexed. */
export function ninNumber(nin: string): number {
  const value = ninValue(nin);
  if (value <= 0) throw new Error('link-index: a nin must be 11 digits, not all zero');
  return value;
}

export function ninString(nin: number): string {
  const text = String(nin);
  return text.length === 11 ? text : text.padStart(11, '0');
}
