/**
 * National identity numbers held as numbers (11 digits fit a double exactly) in an open-addressing
 * hash table of typed arrays: nin -> entry number. No JS object per person, and a lookup is a few
 * array reads. 0 marks an empty slot (no valid nin is 0).
 */
export class NinTable {
  private keys: Float64Array;
  private values: Int32Array;
  private count = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** The entry number stored for `nin`, or -1. */
  get(nin: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let slot = hash(nin) & mask; ; slot = (slot + 1) & mask) {
      const key = keys[slot];
      if (key === nin) return this.values[slot];
      if (key === 0) return -1;
    }
  }

  set(nin: number, value: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let slot = hash(nin) & mask; ; slot = (slot + 1) & mask) {
      const key = keys[slot];
      if (key === nin) {
        this.values[slot] = value;
        return;
      }
      if (key === 0) {
        keys[slot] = nin;
        this.values[slot] = value;
        this.count++;
        return;
      }
    }
  }

  /** Every (nin, entry) pair, for snapshots. */
  entries(): { nins: Float64Array; values: Int32Array } {
    const nins = new Float64Array(this.count);
    const values = new Int32Array(this.count);
    let i = 0;
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (this.keys[slot] === 0) continue;
      nins[i] = this.keys[slot];
      values[i++] = this.values[slot];
    }
    return { nins, values };
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.count = 0;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) this.set(keys[slot], values[slot]);
  }
}

function hash(nin: number): number {
  const low = (nin % 4294967296) | 0;
  const high = (nin / 4294967296) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}

/** A register nin (11 digits) as a number; anything else is refused loudly rather than mis-indexed. */
export function ninNumber(nin: string): number {
  let value = nin.length === 11 ? 0 : -1;
  for (let i = 0; i < nin.length && value >= 0; i++) {
    const digit = nin.charCodeAt(i) - 48;
    value = digit >= 0 && digit <= 9 ? value * 10 + digit : -1;
  }
  if (value <= 0) throw new Error('link-index: a nin must be 11 digits, not all zero');
  return value;
}

export function ninString(nin: number): string {
  const text = String(nin);
  return text.length === 11 ? text : text.padStart(11, '0');
}
