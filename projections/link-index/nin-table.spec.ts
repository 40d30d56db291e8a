import fc from 'fast-check';
import { NinTable } from './nin-table';

/** 11-digit numbers, many above 2^32 (the table splits each nin into two 32-bit halves). */
const nin = fc.integer({ min: 1, max: 99_999_999_999 });

describe('the nin table', () => {
  it('answers like a Map through growth, overwrites and misses, and lists every pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(nin, fc.integer({ min: 0, max: 2 ** 31 - 1 })), { maxLength: 3_000 }),
        fc.array(nin, { maxLength: 200 }),
        (pairs, probes) => {
          const table = new NinTable(4);
          const expected = new Map<number, number>();
          for (const [key, value] of pairs) {
            table.set(key, value);
            expected.set(key, value);
          }
          expect(table.size).toBe(expected.size);
          for (const [key, value] of expected) expect(table.get(key)).toBe(value);
          for (const key of probes) expect(table.get(key)).toBe(expected.get(key) ?? -1);
          const { nins, values } = table.entries();
          const listed = new Map([...nins].map((key, i) => [key, values[i]!]));
          expect(listed).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('tells apart nins that share their low or high 32 bits', () => {
    const table = new NinTable(4);
    const low = 12_345;
    const twins = [low, 2 ** 32 + low, 2 * 2 ** 32 + low, 2 ** 32, 2 ** 32 + 1];
    for (const [i, key] of twins.entries()) table.set(key, i);
    for (const [i, key] of twins.entries()) expect(table.get(key)).toBe(i);
    expect(table.get(3 * 2 ** 32 + low)).toBe(-1);
  });
});
