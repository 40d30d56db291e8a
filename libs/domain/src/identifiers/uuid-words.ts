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

/** Each byte as two lowercase hex digits. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The uuid text of the four words at `base` (as `uuidWords` made them, signed or unsigned). */
export function uuidOfWords(words: ArrayLike<number>, base: number): string {
  const a = words[base]!;
  const b = words[base + 1]!;
  const c = words[base + 2]!;
  const d = words[base + 3]!;
  const x = BYTE_HEX;
  // Sixteen table reads instead of thirty-two digit appends: a gp answer builds one per link.
  return `${x[(a >>> 24) & 255]}${x[(a >>> 16) & 255]}${x[(a >>> 8) & 255]}${x[a & 255]}-${x[(b >>> 24) & 255]}${x[(b >>> 16) & 255]}-${x[(b >>> 8) & 255]}${x[b & 255]}-${x[(c >>> 24) & 255]}${x[(c >>> 16) & 255]}-${x[(c >>> 8) & 255]}${x[c & 255]}${x[(d >>> 24) & 255]}${x[(d >>> 16) & 255]}${x[(d >>> 8) & 255]}${x[d & 255]}`;
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
