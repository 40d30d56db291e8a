/** §1.1: weights of the two fødselsnummer check digits, including the check digit itself (weight 1). */
export const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1] as const;
export const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/** Σ digit·weight mod 11 over the first `weights.length` digits (0 means the classic check passes). */
export function weightedRemainder(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  return sum % 11;
}

/**
 * Classic check digit for `digits` under `weights` (the check digit's own weight excluded):
 * 11 - (Σ mod 11), 11 -> 0, and null for 10 (such a number is never issued).
 */
export function checkDigit(digits: readonly number[], weights: readonly number[]): number | null {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? null : k;
}

export function digitsOf(value: string): number[] {
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i) - 48;
  return out;
}
