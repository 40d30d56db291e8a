import { ymdOf } from '../calendar/business-date';
import { birthYearOf } from './century';
import { checkDigit, digitsOf, K1_WEIGHTS, K2_WEIGHTS } from './mod11';

const K1_OVER_9 = K1_WEIGHTS.slice(0, 9);
const K2_OVER_10 = K2_WEIGHTS.slice(0, 10);

export interface MakeNinOptions {
  /** FNR (default), DNR (day + 40) or HNR (month + 40, for tests of the refusal path). */
  readonly kind?: 'FNR' | 'DNR' | 'HNR';
  /** Tenor-style synthetic number: month + 80 (§1.3). */
  readonly synthetic?: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Builds an 11-digit number with classic check digits for a birth date and individnummer.
 * Returns null when a check digit would be 10 (that individnummer is never issued for the date);
 * throws RangeError when the individnummer cannot encode the birth year (century table §1.1).
 */
export function makeNin(birthDate: string, individual: number, options: MakeNinOptions = {}): string | null {
  const [year, month, day] = ymdOf(birthDate);
  if (!Number.isInteger(individual) || individual < 0 || individual > 999) {
    throw new RangeError('individual number must be an integer 0–999');
  }
  if (birthYearOf(individual, year % 100) !== year) {
    throw new RangeError(`individual number ${individual} cannot encode birth year ${year}`);
  }
  const kind = options.kind ?? 'FNR';
  if (kind === 'HNR' && options.synthetic) throw new RangeError('a synthetic H-nummer has no encoding');
  const dd = kind === 'DNR' ? day + 40 : day;
  const mm = kind === 'HNR' ? month + 40 : options.synthetic ? month + 80 : month;
  const base = `${pad(dd, 2)}${pad(mm, 2)}${pad(year % 100, 2)}${pad(individual, 3)}`;
  const digits = digitsOf(base);
  const k1 = checkDigit(digits, K1_OVER_9);
  if (k1 === null) return null;
  digits.push(k1);
  const k2 = checkDigit(digits, K2_OVER_10);
  if (k2 === null) return null;
  return `${base}${k1}${k2}`;
}

/** Individnummer ranges that encode `year` (§1.1), in issuing order. */
export function individualRangesFor(year: number): ReadonlyArray<readonly [number, number]> {
  if (year >= 1854 && year <= 1899) return [[500, 749]];
  if (year >= 1900 && year <= 1939) return [[0, 499]];
  if (year >= 1940 && year <= 1999)
    return [
      [0, 499],
      [900, 999],
    ];
  if (year >= 2000 && year <= 2039) return [[500, 999]];
  return [];
}
