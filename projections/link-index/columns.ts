/**
 * Growable columns for the compact read models: one typed array per field, indexed by an interned
 * number (person, link), so a national register is a few hundred MB of flat memory rather than
 * millions of small objects, and a snapshot is the arrays' bytes.
 */
export type NumberArray = Int32Array | Float64Array | Uint8Array;
type NumberArrayConstructor<A extends NumberArray> = { new (length: number): A };

export class Column<A extends NumberArray> {
  array: A;
  constructor(
    private readonly make: NumberArrayConstructor<A>,
    capacity: number,
    private readonly fill: number,
  ) {
    this.array = new make(Math.max(16, capacity));
    if (fill !== 0) this.array.fill(fill);
  }

  /**
   * Makes room for index `index` (growing by a quarter, in whole KiB of cells), new cells holding the
   * column's fill value. By a quarter, not doubling: at national size a column is hundreds of MB, and
   * a doubled one is up to half unused (at the country's 9.1 M persons and 20 M links, 46 % and 42 %);
   * growing by a quarter leaves at most a fifth unused, for copying each column about 5 times its
   * size over its growth instead of twice.
   */
  reserve(index: number): A {
    if (index < this.array.length) return this.array;
    let length = this.array.length;
    while (length <= index) length = grownLength(length);
    const grown = new this.make(length);
    grown.set(this.array);
    if (this.fill !== 0) grown.fill(this.fill, this.array.length);
    this.array = grown;
    return grown;
  }

  /**
   * Replaces the contents with the first `count` cells of a snapshot, with room for a sixteenth more
   * (a restored register grows without copying its columns at its first new person or link).
   */
  load(cells: A, count: number): void {
    const array = new this.make(Math.max(16, count + Math.ceil(count / 16)));
    array.set(cells.subarray(0, count));
    if (this.fill !== 0) array.fill(this.fill, count);
    this.array = array;
  }
}

/** The next capacity of a column of `length` cells: a quarter more, rounded up to whole KiB of cells. */
export function grownLength(length: number): number {
  return Math.ceil((length * 1.25) / 1024) * 1024;
}

export const int32Column = (fill = 0) => new Column(Int32Array, 1024, fill);
export const float64Column = (fill = 0) => new Column(Float64Array, 1024, fill);
export const uint8Column = (fill = 0) => new Column(Uint8Array, 1024, fill);

/** Interns strings (contract ids, reasons) as small numbers; the first is number 0. */
export class Interner {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      const owned = ownedString(value);
      code = this.values.length;
      this.values.push(owned);
      this.codes.set(owned, code);
    }
    return code;
  }

  find(value: string): number | undefined {
    return this.codes.get(value);
  }

  load(values: readonly string[]): void {
    this.values.length = 0;
    this.codes.clear();
    for (const value of values) this.code(value);
  }
}

/**
 * A copy of `text` that does not keep its source alive. Strings decoded from the log can be slices
 * of a larger decoded string (the whole record's); an id kept for the life of the model would pin
 * that record's text in memory. Measured: without this, a 20k-person index held 45 MB more.
 */
export function ownedString(text: string): string {
  return ` ${text}`.slice(1);
}
