/**
 * §1.6 HPR-nummer: FLR types it as int and requires > 0. Length and check digit are [U], so it is
 * treated as an opaque positive integer (number, or a string of digits without leading zero).
 */
export function isValidHpr(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 && value <= 2147483647;
  if (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value)) return Number(value) <= 2147483647;
  return false;
}
