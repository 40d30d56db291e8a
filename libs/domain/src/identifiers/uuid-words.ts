/**
 * Uuids as four 32-bit words, for models that hold millions of ids (the writer view, the link index):
 * 16 bytes in a flat column instead of a 36-character string object each. Only the canonical
 * lowercase form (every id the register makes) has words; callers keep any other id as text.
 */

/** Each ASCII character's value as a lowercase hex digit, or -1 (every other character code is -1 too). */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, c) =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1,
);

/** The hex digit at `i` of `id`, or -1. */
function digitAt(id: string, i: number): number {
  const c = id.charCodeAt(i);
  return c < 128 ? HEX_VALUE[c]! : -1;
}

/** Eight hex digits, i..i+3 and j..j+3 (a word may straddle a dash), as a signed 32-bit word; NaN if one is not a digit. */
function wordAt(id: string, i: number, j: number): number {
  const d0 = digitAt(id, i);
  const d1 = digitAt(id, i + 1);
  const d2 = digitAt(id, i + 2);
  const d3 = digitAt(id, i + 3);
  const d4 = digitAt(id, j);
  const d5 = digitAt(id, j + 1);
  const d6 = digitAt(id, j + 2);
  const d7 = digitAt(id, j + 3);
  // A -1 anywhere makes the OR of the digits negative.
  if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0) return Number.NaN;
  return (d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8) | (d6 << 4) | d7;
}

/** The id's four words (signed 32-bit, most significant first), or null when it is not a lowercase uuid. */
export function uuidWords(id: string): [number, number, number, number] | null {
  // Rebuilds parse an id for every event: a table look-up per digit, each word in one expression.
  if (id.length !== 36) return null;
  if (
    id.charCodeAt(8) !== 45 ||
    id.charCodeAt(13) !== 45 ||
    id.charCodeAt(18) !== 45 ||
    id.charCodeAt(23) !== 45
  )
    return null;
  const a = wordAt(id, 0, 4);
  const b = wordAt(id, 9, 14);
  const c = wordAt(id, 19, 24);
  const d = wordAt(id, 28, 32);
  // A NaN word (a character that is no lowercase hex digit) makes the sum NaN.
  if (Number.isNaN(a + b + c + d)) return null;
  return [a, b, c, d];
}

/** Each byte's two lowercase hex digits as character codes: high digit, low digit. */
const HEX_HIGH = Uint8Array.from({ length: 256 }, (_, b) => '0123456789abcdef'.charCodeAt(b >>> 4));
const HEX_LOW = Uint8Array.from({ length: 256 }, (_, b) => '0123456789abcdef'.charCodeAt(b & 15));
/** Where each of the 16 bytes' digits go in the 36 characters (the dashes stay at 8, 13, 18, 23). */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** The text is written here and read out as one flat string (one native call, no concatenations). */
const SCRATCH = Buffer.alloc(36, '-');

/** The uuid text of the four words at `base` (as `uuidWords` made them, signed or unsigned). */
export function uuidOfWords(words: ArrayLike<number>, base: number): string {
  // A gp answer builds one per link; a template of 20 parts made a rope of 20 strings to flatten
  // later, this writes 32 bytes and makes one string (about half the time, no garbage besides it).
  const out = SCRATCH;
  for (let w = 0; w < 4; w++) {
    const word = words[base + w]!;
    for (let k = 0; k < 4; k++) {
      const byte = (word >>> (24 - 8 * k)) & 255;
      const at = DIGIT_AT[w * 4 + k]!;
      out[at] = HEX_HIGH[byte]!;
      out[at + 1] = HEX_LOW[byte]!;
    }
  }
  return out.toString('latin1', 0, 36);
}

/** Mixes 32-bit words into a hash (murmur3's finaliser after each word). */
export function mixWords(a: number, b: number, c = 0, d = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ d, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash of any text (ids kept as text beside the words). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mixWords(h, text.length);
}
