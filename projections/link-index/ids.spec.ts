import fc from 'fast-check';
import { uuidWords } from '@flr/domain';
import { IdColumn, IdTable, keyOf } from './ids';

/** Ids the register makes (lowercase uuids), upper-case ones and test names: all kept exactly. */
const anyId = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.constantFrom('a1', 'a2', 'p-1', 'zzz', ''),
);

describe('ids as words', () => {
  it('give back every id, and compare and match as the strings do', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 60 }), anyId, (ids, probe) => {
        const column = new IdColumn();
        for (const id of ids) column.push(id);
        const key = keyOf(probe);
        ids.forEach((id, n) => {
          expect(column.at(n)).toBe(id);
          expect(column.holds(n, key)).toBe(id === probe);
          expect(Math.sign(column.compare(n, key))).toBe(id < probe ? -1 : id > probe ? 1 : 0);
          expect(column.hashAt(n)).toBe(keyOf(id).hash);
        });
      }),
    );
  });

  it("a key is its own id's, however ids repeat among the last few asked for", () => {
    // Few distinct ids, so most are asked for again while keyOf still keeps their key.
    const fewIds = fc.array(anyId, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fewIds, fc.array(fc.nat(), { maxLength: 200 }), (ids, picks) => {
        for (const pick of picks) {
          // A copy of the text (not the same string object), as a decoder makes for every event.
          const id = [...ids[pick % ids.length]!].join('');
          const key = keyOf(id);
          expect(key.text).toBe(id);
          expect(key.words).toEqual(uuidWords(id));
          const column = new IdColumn();
          expect(key.hash).toBe(column.hashAt(column.push(id)));
        }
      }),
    );
  });

  it('an id table finds each id under the number it was interned as, before and after a snapshot', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 3_000 }), (ids) => {
        const table = new IdTable();
        const first = new Map<string, number>();
        for (const id of ids) {
          const n = table.intern(id);
          if (!first.has(id)) first.set(id, n);
          expect(n).toBe(first.get(id));
        }
        expect(table.count).toBe(first.size);
        const { words, texts } = table.ids.snapshot();
        const restored = new IdTable();
        for (const _ of restored.restoreInSlices(table.count, words.slice(), texts, 100));
        for (const [id, n] of first) {
          expect(restored.find(id)).toBe(n);
          expect(restored.at(n)).toBe(id);
        }
        expect(restored.find('never-interned')).toBe(-1);
      }),
      { numRuns: 30 },
    );
  });
});
