import { checkDigit } from './mod11';

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
const NINE_DIGITS = /^\d{9}$/;

/** §1.7 organisasjonsnummer: 9 digits, mod-11 over digits 1–8 (10 -> never issued). */
export function isValidOrgNo(value: unknown): boolean {
  if (typeof value !== 'string' || !NINE_DIGITS.test(value)) return false;
  const digits = Array.from(value, Number);
  const k = checkDigit(digits, ORG_WEIGHTS);
  return k !== null && k === digits[8];
}

/** Completes an 8-digit prefix with its check digit; null when the check digit would be 10. */
export function makeOrgNo(prefix: string): string | null {
  if (!/^\d{8}$/.test(prefix)) throw new RangeError('prefix must be 8 digits');
  const k = checkDigit(Array.from(prefix, Number), ORG_WEIGHTS);
  return k === null ? null : `${prefix}${k}`;
}
