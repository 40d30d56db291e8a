import fc from 'fast-check';
import { uuidOfWords, uuidWords } from './uuid-words';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Uuids, and texts one character away from one (case, dash, digit, length). */
const nearUuid = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc
    .tuple(fc.uuid(), fc.nat(35), fc.constantFrom('-', 'g', 'A', '0', 'f', ' '))
    .map(([id, at, c]) => `${id.slice(0, at)}${c}${id.slice(at + 1)}`),
  fc.uuid().map((id) => `${id}0`),
  fc.string({ maxLength: 40 }),
);

describe('uuids as words', () => {
  it('parses exactly the lowercase uuids, and gives their text back', () => {
    fc.assert(
      fc.property(nearUuid, (id) => {
        const words = uuidWords(id);
        expect(words !== null).toBe(CANONICAL.test(id));
        if (words === null) return;
        const hex = id.replaceAll('-', '');
        for (let w = 0; w < 4; w++)
          expect(words[w]).toBe(Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16) | 0);
        expect(uuidOfWords(words, 0)).toBe(id);
        expect(uuidOfWords(Uint32Array.from(words), 0)).toBe(id);
      }),
      { numRuns: 2_000 },
    );
  });
});
