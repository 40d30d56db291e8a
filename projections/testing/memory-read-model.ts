import type { Key, ReadModelTx } from '../shared/read-model';

/**
 * An in-memory ReadModelTx with lmdb's ordered-key semantics (numbers before strings, arrays
 * element-wise, a prefix before its extensions; `end` exclusive). Values are copied on the way in
 * and out, as a serialising store would, so an evolve that forgets a `put` fails its tests.
 */
export class MemoryReadModel implements ReadModelTx {
  private readonly keys: Key[] = [];
  private readonly values: unknown[] = [];

  get<T = unknown>(key: Key): T | undefined {
    const i = this.find(key);
    return i >= 0 ? (structuredClone(this.values[i]) as T) : undefined;
  }

  put(key: Key, value: unknown): void {
    const i = this.find(key);
    const copy = structuredClone(value);
    if (i >= 0) this.values[i] = copy;
    else {
      const at = -i - 1;
      this.keys.splice(at, 0, Array.isArray(key) ? [...key] : key);
      this.values.splice(at, 0, copy);
    }
  }

  append(key: Key, value: unknown): void {
    const last = this.keys.at(-1);
    if (last !== undefined && compareKeys(key, last) <= 0)
      throw new Error(`append: ${JSON.stringify(key)} is not after every key of the read model`);
    this.put(key, value);
  }

  remove(key: Key): void {
    const i = this.find(key);
    if (i >= 0) {
      this.keys.splice(i, 1);
      this.values.splice(i, 1);
    }
  }

  *range<T = unknown>(opts: {
    start?: Key;
    end?: Key;
    limit?: number;
    reverse?: boolean;
  }): Iterable<{
    key: Key;
    value: T;
  }> {
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    let n = 0;
    if (!opts.reverse) {
      let i = opts.start === undefined ? 0 : this.lowerBound(opts.start);
      for (; i < this.keys.length && n < limit; i++, n++) {
        if (opts.end !== undefined && compareKeys(this.keys[i], opts.end) >= 0) return;
        yield { key: this.keys[i], value: structuredClone(this.values[i]) as T };
      }
      return;
    }
    let i = this.keys.length - 1;
    if (opts.start !== undefined) {
      const lb = this.lowerBound(opts.start);
      i = lb < this.keys.length && compareKeys(this.keys[lb], opts.start) === 0 ? lb : lb - 1;
    }
    for (; i >= 0 && n < limit; i--, n++) {
      if (opts.end !== undefined && compareKeys(this.keys[i], opts.end) <= 0) return;
      yield { key: this.keys[i], value: structuredClone(this.values[i]) as T };
    }
  }

  /** Every entry, for comparing two read models (rebuild equals live). */
  dump(): [Key, unknown][] {
    return this.keys.map((k, i) => [k, this.values[i]]);
  }

  get size(): number {
    return this.keys.length;
  }

  private lowerBound(key: Key): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(key: Key): number {
    const i = this.lowerBound(key);
    return i < this.keys.length && compareKeys(this.keys[i], key) === 0 ? i : -i - 1;
  }
}

export function compareKeys(a: Key, b: Key): number {
  const aa = Array.isArray(a) ? a : [a];
  const bb = Array.isArray(b) ? b : [b];
  const n = Math.min(aa.length, bb.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(aa[i], bb[i]);
    if (c !== 0) return c;
  }
  return aa.length - bb.length;
}

function comparePart(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
