/**
 * §1.6 HPR-nummer: FLR types it as int and requires > 0. Length and check digit are [U], so it is
 * treated as an opaque positive integer (number, or a string of digits without leading zero).
 */
/** HPR numbers (Helsepersonellregisteret) have at most 9 digits. */
export const HPR_MAX = 999_999_999;

export function isValidHpr(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 && value <= HPR_MAX;
  if (typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value)) return true;
  return false;
}
