import { formatDate, isRealDate } from '../calendar/business-date';
import { birthYearOf } from './century';
import { digitsOf, K1_WEIGHTS, K2_WEIGHTS, weightedRemainder } from './mod11';
import { DEFAULT_NIN_POLICY, type NinParseResult, type NinPolicy } from './nin.types';

const ELEVEN_DIGITS = /^\d{11}$/;

const invalid = (message: string): NinParseResult => ({ ok: false, code: 'INVALID_NIN', message });
const notRegisterId = (message: string): NinParseResult => ({
  ok: false,
  code: 'NOT_A_REGISTER_ID',
  message,
});

/**
 * Parses a fødselsnummer or D-nummer (§1.1–1.3, §1.5). Messages never echo the number (it is personal data).
 *
 * - H-nummer (month + 40) and felles hjelpenummer (first digit 8 or 9, NHN: "første siffer 8 eller 9",
 *   otherwise random digits with ordinary check digits) are well-formed but are not patient identifiers
 *   in FLR -> NOT_A_REGISTER_ID. Both must pass the check digits first; a number that fails them is just
 *   INVALID_NIN.
 * - Synthetic (Tenor, month + 80) numbers are INVALID_NIN unless `allowSynthetic`.
 */
export function parseNin(value: unknown, policy?: Partial<NinPolicy>): NinParseResult {
  const p: Required<NinPolicy> = { ...DEFAULT_NIN_POLICY, ...policy };
  if (typeof value !== 'string') return invalid('must be a string of 11 digits');
  if (value.length !== 11) return invalid('must be exactly 11 digits');
  if (!ELEVEN_DIGITS.test(value)) return invalid('must contain digits only');
  const d = digitsOf(value);

  // §1.1 classic check accepts remainder 0 only; §1.5 (2032) accepts 0–3 on k1 (and on k2 if configured).
  const r1 = weightedRemainder(d, K1_WEIGHTS);
  const r2 = weightedRemainder(d, K2_WEIGHTS);
  const relaxK1 = p.rule2032;
  const relaxK2 = p.rule2032 && p.rule2032AppliesToK2;
  if (!(r1 === 0 || (relaxK1 && r1 <= 3))) return invalid('check digit 1 does not match');
  if (!(r2 === 0 || (relaxK2 && r2 <= 3))) return invalid('check digit 2 does not match');
  const classic = r1 === 0 && r2 === 0;

  if (d[0] >= 8) return notRegisterId('a felles hjelpenummer (FHN) is not a register identifier');

  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  const yy = d[4] * 10 + d[5];
  const individual = d[6] * 100 + d[7] * 10 + d[8];

  const dNumber = day > 40;
  if (dNumber) day -= 40;
  const hNumber = month > 40 && month <= 52;
  let synthetic = false;
  if (hNumber) month -= 40;
  else if (month > 80 && month <= 92) {
    synthetic = true;
    month -= 80;
  }

  const year = birthYearOf(individual, yy);
  if (year === null) return invalid('individual number and year are an impossible combination');
  if (!isRealDate(year, month, day)) return invalid('does not encode a real birth date');
  if (hNumber) return notRegisterId('an H-nummer is not a register identifier');
  if (synthetic && !p.allowSynthetic) return invalid('synthetic test numbers are not accepted');

  return {
    ok: true,
    nin: {
      value,
      kind: dNumber ? 'DNR' : 'FNR',
      birthDate: formatDate(year, month, day),
      sex: classic ? (d[8] % 2 === 1 ? 'male' : 'female') : null,
      synthetic,
    },
  };
}

/** Convenience predicate over parseNin. */
export function isValidNin(value: unknown, policy?: Partial<NinPolicy>): boolean {
  return parseNin(value, policy).ok;
}
