import type { BusinessDate } from '@flr/domain';

/**
 * Flat storage for the writer view at national size (DESIGN §3.5): one typed array per field,
 * indexed by an interned number (person, link), instead of an object and a few strings per fact.
 */
type Numbers = Int32Array | Uint32Array | Float64Array | Uint8Array;
type NumbersConstructor<A extends Numbers> = { new (length: number): A; readonly BYTES_PER_ELEMENT: number };

/** How much a full column grows at once. */
const GROWTH = 1.25;

export class GrowableColumn<A extends Numbers> {
  array: A;

  constructor(
    private readonly make: NumbersConstructor<A>,
    private readonly fill = 0,
  ) {
    this.array = new make(1024);
    if (fill !== 0) this.array.fill(fill);
  }

  /**
   * Makes room for cell `index`; new cells hold the column's fill value. Grows by a quarter (not by
   * doubling): at national size a doubled column holds up to as many empty cells as used ones, and a
   * column restored from a snapshot would double on its first new cell.
   */
  reserve(index: number): A {
    if (index >= this.array.length)
      this.array = this.resized(Math.max(index + 1, Math.ceil(this.array.length * GROWTH)));
    return this.array;
  }

  private resized(length: number): A {
    const cells = new this.make(length);
    cells.set(this.array);
    if (this.fill !== 0) cells.fill(this.fill, this.array.length);
    return cells;
  }

  /**
   * Gives back the room past `count` cells beyond the usual spare (a column folded from the whole log
   * holds up to a quarter of empty cells from its last growth). Returns whether it copied.
   */
  trim(count: number): boolean {
    const length = withSpare(count);
    if (this.array.length <= length) return false;
    const cells = new this.make(length);
    cells.set(this.array.subarray(0, Math.min(count, this.array.length)));
    if (this.fill !== 0) cells.fill(this.fill, count);
    this.array = cells;
    return true;
  }

  /** The first `count` cells as bytes, for a snapshot (a copy: the column keeps growing). */
  bytes(count: number): Uint8Array {
    const cells = this.array.subarray(0, count);
    return new Uint8Array(cells.buffer.slice(cells.byteOffset, cells.byteOffset + cells.byteLength));
  }

  /** Replaces the contents with cells read back from `bytes`. */
  load(bytes: Uint8Array): number {
    const width = this.make.BYTES_PER_ELEMENT;
    if (bytes.byteLength % width !== 0) throw new Error(`a column of ${bytes.byteLength} bytes is cut off`);
    const count = bytes.byteLength / width;
    const cells = new this.make(withSpare(count));
    if (this.fill !== 0) cells.fill(this.fill, count);
    new Uint8Array(cells.buffer, 0, bytes.byteLength).set(bytes);
    this.array = cells;
    return count;
  }
}

/**
 * Cells a column of `count` keeps after a restore or a trim: a thirty-second more (at national size
 * weeks of new links before the first growth), at least 1,024.
 */
export function withSpare(count: number): number {
  return Math.max(1024, count + (count >>> 5));
}

export const int32Column = (fill = 0) => new GrowableColumn(Int32Array, fill);
export const uint32Column = () => new GrowableColumn(Uint32Array);
export const float64Column = () => new GrowableColumn(Float64Array);
export const uint8Column = () => new GrowableColumn(Uint8Array);

const DAY_MS = 86_400_000;
/** The open end of a period, after every real day. */
export const OPEN_DAY = 2 ** 31 - 1;
/** No day (a withdrawn link's begin, a person without a known birth date). */
export const NO_DAY = -(2 ** 31);

/** A business date (`YYYY-MM-DD`) as days since 1970-01-01; anything else is refused loudly. */
export function dayOf(date: BusinessDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
    : Number.NaN;
  if (!Number.isInteger(day) || dateOf(day) !== date)
    throw new Error(`writer view: ${JSON.stringify(date)} is not a date`);
  return day;
}

export function dateOf(day: number): BusinessDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10) as BusinessDate;
}
