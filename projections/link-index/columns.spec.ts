import { float64Column, grownLength, int32Column } from './columns';

describe('growable columns', () => {
  it('grow by a quarter in whole KiB of cells, keeping every cell and filling the new ones', () => {
    const column = int32Column(-1);
    let capacity = column.array.length;
    for (let i = 0; i < 300_000; i++) {
      column.reserve(i)[i] = i;
      if (column.array.length !== capacity) {
        expect(column.array.length).toBe(grownLength(capacity));
        expect(column.array.length % 1024).toBe(0);
        expect(column.array.length).toBeLessThanOrEqual(capacity * 1.25 + 1024);
        capacity = column.array.length;
      }
    }
    // At most a fifth (and a KiB of cells) unused.
    expect(capacity).toBeLessThanOrEqual(300_000 * 1.25 + 1024);
    expect(column.array.subarray(0, 300_000).every((value, i) => value === i)).toBe(true);
    expect(column.array.subarray(300_000).every((value) => value === -1)).toBe(true);
    // An index far past the end grows in one step to a capacity holding it.
    column.reserve(10_000_000);
    expect(column.array.length).toBeGreaterThan(10_000_000);
    expect(column.array[10_000_000]).toBe(-1);
  });

  it('restore a snapshot with a sixteenth to spare, filled', () => {
    const column = float64Column(Number.NaN);
    const cells = Float64Array.from({ length: 16_000 }, (_, i) => i / 2);
    column.load(cells, 16_000);
    expect(column.array.length).toBe(17_000);
    expect(column.array.subarray(0, 16_000)).toEqual(cells);
    expect(column.array.subarray(16_000).every(Number.isNaN)).toBe(true);
    // Growing within the spare room copies nothing.
    const before = column.array;
    expect(column.reserve(16_999)).toBe(before);
  });
});
