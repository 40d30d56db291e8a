/**
 * Uuids as four 32-bit words, for models that hold millions of ids (the writer view, the link index):
 * 16 bytes in a flat column instead of a 36-character string object each. Only the canonical
 * lowercase form (every id the register makes) has words; callers keep any other id as text.
 */

/** The id's four words (signed 32-bit, most significant first), or null when it is not a lowercase uuid. */
export function uuidWords(id: string): [number, number, number, number] | null {
  // One pass over the characters (no pattern, no slices): rebuilds parse an id for every event.
  if (id.length !== 36) return null;
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return null; // '-'
      continue;
    }
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return null;
    const w = digits >>> 3;
    words[w] = (words[w]! << 4) | digit;
    digits++;
  }
  return words;
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
