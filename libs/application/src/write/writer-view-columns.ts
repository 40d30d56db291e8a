import type { BusinessDate } from '@flr/domain';

/**
 * Flat storage for the writer view at national size (DESIGN §3.5): one typed array per field,
 * indexed by an interned number (person, link), instead of an object and a few strings per fact.
 */
type Numbers = Int32Array | Uint32Array | Float64Array | Uint8Array;
type NumbersConstructor<A extends Numbers> = {
  new (length: number): A;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): A;
  readonly BYTES_PER_ELEMENT: number;
};

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

  /**
   * The first `count` cells, for a snapshot: a view, not a copy (the snapshot is written before the
   * column changes again).
   */
  cells(count: number): A {
    return this.array.subarray(0, count) as A;
  }

  /**
   * Takes `cells` (read back from a snapshot) as the contents, without copying them: when they start
   * an array buffer with room after them (a restore allocates `withSpare` cells and reads into the
   * first), the column grows into that room first. Returns the number of cells.
   */
  load(cells: A): number {
    const width = this.make.BYTES_PER_ELEMENT;
    if (cells.BYTES_PER_ELEMENT !== width)
      throw new Error(`a column of ${width}-byte cells got ${cells.BYTES_PER_ELEMENT}`);
    const count = cells.length;
    const room = cells.byteOffset === 0 ? Math.floor(cells.buffer.byteLength / width) : count;
    this.array = room > count ? new this.make(cells.buffer as ArrayBuffer, 0, room) : cells;
    if (this.fill !== 0) this.array.fill(this.fill, count);
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
