/**
 * Basistilskudd (capitation) rules by period, DOMAIN §3.12. The [U] choices are settings:
 * - `formula`: 'twelfth' (default: annual ÷ 12 × patients on the 1st for every month, as the current
 *   Helfo page says and the capitation issue named), 'by-period' (annual ÷ 12 to 30 Jun 2016,
 *   annual ÷ 365/366 × days from 1 Jul 2016, as the §3.12 table reads) or 'days'
 *   (FLR_RULE_CAPITATION_FORMULA);
 * - `earlyRateNok`: the annual rate before May 2020; 442 NOK is the only confirmed one (from
 *   1 Jul 2016) and is used for earlier months too (FLR_RULE_CAPITATION_EARLY_RATE);
 * - `knekkpunkt2020RatesNok`: May 2020–Jun 2021, whose KS rates are not in DOMAIN.md; default the
 *   first confirmed ones, 642/526 (FLR_RULE_CAPITATION_2020_RATES="642,526");
 * - `patientAdjustedRateNok`: May–Jun 2023 (pasienttilpasset, weights [U] taken as 1), default the
 *   841.80 average from 1 Jul 2023 (FLR_RULE_CAPITATION_MAY2023_RATE).
 * Paid patients are capped at 2,500 while the old per-patient model applies (R27, "opptil 2500") [D].
 */
export interface CapitationSettings {
  readonly formula: 'by-period' | 'twelfth' | 'days';
  readonly earlyRateNok: number;
  readonly knekkpunkt2020RatesNok: readonly [number, number];
  readonly patientAdjustedRateNok: number;
}

export const DEFAULT_CAPITATION_SETTINGS: CapitationSettings = {
  formula: 'twelfth',
  earlyRateNok: 442,
  knekkpunkt2020RatesNok: [642, 526],
  patientAdjustedRateNok: 841.8,
};

export interface Regime {
  readonly name: string;
  /** [upToPatients, annualRateNok] tiers; the last tier's bound is the cap. */
  readonly tiers: readonly (readonly [number, number])[];
  readonly grunntilskudd: boolean;
}

/** The regime for a month `YYYY-MM` (first day decides). */
export function regimeFor(month: string, s: CapitationSettings): Regime {
  const cap = 2500;
  if (month < '2020-05') return { name: 'flat', tiers: [[cap, s.earlyRateNok]], grunntilskudd: false };
  const knekk = (low: number, high: number, name: string): Regime => ({
    name,
    tiers: [
      [1000, low],
      [cap, high],
    ],
    grunntilskudd: true,
  });
  if (month < '2021-07')
    return knekk(s.knekkpunkt2020RatesNok[0], s.knekkpunkt2020RatesNok[1], 'knekkpunkt-2020');
  if (month < '2022-01') return knekk(642, 526, 'knekkpunkt-2021-07');
  if (month < '2022-07') return knekk(653, 526, 'knekkpunkt-2022-01');
  if (month < '2023-05') return knekk(675, 544, 'knekkpunkt-2022-07');
  if (month < '2023-07')
    return {
      name: 'patient-adjusted-2023-05',
      tiers: [[Number.MAX_SAFE_INTEGER, s.patientAdjustedRateNok]],
      grunntilskudd: true,
    };
  return { name: 'average-rate-2023-07', tiers: [[Number.MAX_SAFE_INTEGER, 841.8]], grunntilskudd: true };
}

export function formulaFor(month: string, s: CapitationSettings): 'twelfth' | 'days' {
  if (s.formula !== 'by-period') return s.formula;
  return month < '2016-07' ? 'twelfth' : 'days';
}

export function parseCapitationSettings(raw: Readonly<Record<string, string>>): CapitationSettings {
  const s = { ...DEFAULT_CAPITATION_SETTINGS } as {
    -readonly [K in keyof CapitationSettings]: CapitationSettings[K];
  };
  const formula = raw.FLR_RULE_CAPITATION_FORMULA;
  if (formula !== undefined) {
    if (formula !== 'by-period' && formula !== 'twelfth' && formula !== 'days')
      throw new RangeError('FLR_RULE_CAPITATION_FORMULA must be by-period, twelfth or days');
    s.formula = formula;
  }
  const num = (name: string): number | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a non-negative number`);
    return n;
  };
  s.earlyRateNok = num('FLR_RULE_CAPITATION_EARLY_RATE') ?? s.earlyRateNok;
  s.patientAdjustedRateNok = num('FLR_RULE_CAPITATION_MAY2023_RATE') ?? s.patientAdjustedRateNok;
  const rates = raw.FLR_RULE_CAPITATION_2020_RATES;
  if (rates !== undefined) {
    const parts = rates.split(',').map(Number);
    if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < 0))
      throw new RangeError('FLR_RULE_CAPITATION_2020_RATES must be "low,high"');
    s.knekkpunkt2020RatesNok = [parts[0], parts[1]];
  }
  return s;
}
