import fc from 'fast-check';
import { NinTable } from './nin-table';

/** 11-digit numbers, many above 2^32 (the table splits each nin into two 32-bit halves). */
const nin = fc.integer({ min: 1, max: 99_999_999_999 });

describe('the nin table', () => {
  it('answers like a Map through growth, overwrites and misses, and lists every pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(nin, fc.integer({ min: 0, max: 2 ** 30 })), { maxLength: 3_000 }),
        fc.array(nin, { maxLength: 200 }),
        (pairs, probes) => {
          const table = new NinTable(4);
          const expected = new Map<number, number>();
          // The current person: the value + 1 for odd values, ended (-1) for every third pair or by endCurrent.
          const current = new Map<number, number>();
          for (const [k, [key, value]] of pairs.entries()) {
            table.set(key, value, value % 2 === 1 ? value + 1 : -1);
            expected.set(key, value);
            current.set(key, value % 2 === 1 ? value + 1 : -1);
            if (k % 3 === 0) {
              table.endCurrent(key);
              current.set(key, -1);
            }
          }
          expect(table.size).toBe(expected.size);
          for (const [key, value] of expected) expect(table.get(key)).toBe(value);
          for (const [key, person] of current) expect(table.currentPerson(key)).toBe(person);
          for (const key of probes) expect(table.get(key)).toBe(expected.get(key) ?? -1);
          for (const key of probes) expect(table.currentPerson(key)).toBe(current.get(key) ?? -1);
          // The batch lookups answer as one at a time, for present, absent and refused (≤ 0) nins.
          const asked = Float64Array.from([...expected.keys(), ...probes, -1, 0]);
          const entries = new Int32Array(asked.length);
          const persons = new Int32Array(asked.length);
          table.getMany(asked, asked.length, entries);
          table.currentPersons(asked, asked.length, persons);
          expect([...entries]).toEqual([...asked].map((key) => (key > 0 ? table.get(key) : -1)));
          expect([...persons]).toEqual([...asked].map((key) => current.get(key) ?? -1));
          table.endCurrent(probes[0] ?? 1); // a nin not in the table stays out of it
          expect(table.size).toBe(expected.size);
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
    for (const [i, key] of twins.entries()) table.set(key, i, 10 + i);
    for (const [i, key] of twins.entries()) expect(table.get(key)).toBe(i);
    for (const [i, key] of twins.entries()) expect(table.currentPerson(key)).toBe(10 + i);
    expect(table.get(3 * 2 ** 32 + low)).toBe(-1);
    expect(table.currentPerson(3 * 2 ** 32 + low)).toBe(-1);
  });

  it('keeps every pair through a reserve, before and after more nins are set', () => {
    const table = new NinTable(4);
    for (let k = 1; k <= 50; k++) table.set(k * 7_919_993, k, k + 1);
    table.reserve(10_000);
    table.reserve(10); // never shrinks
    for (let k = 51; k <= 5_000; k++) table.set(k * 7_919_993, k, k + 1);
    expect(table.size).toBe(5_000);
    for (let k = 1; k <= 5_000; k++) {
      expect(table.get(k * 7_919_993)).toBe(k);
      expect(table.currentPerson(k * 7_919_993)).toBe(k + 1);
    }
    expect(table.get(5_001 * 7_919_993)).toBe(-1);
  });

  it('sets every current person from its entry in one pass (as after a snapshot is read)', () => {
    const table = new NinTable(4);
    for (let k = 1; k <= 100; k++) table.set(k * 1_000_003, k, -1);
    table.refreshCurrent((entry) => (entry % 4 === 0 ? -1 : entry * 7));
    for (let k = 1; k <= 100; k++) expect(table.currentPerson(k * 1_000_003)).toBe(k % 4 === 0 ? -1 : k * 7);
  });
});
