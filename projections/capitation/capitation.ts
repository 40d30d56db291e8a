import { contractDoc, countAt } from '../directory/contract-view';
import { valueOn } from '../directory/model';
import { daysInMonth, isLeapYear } from '../shared/dates';
import type { Readers } from '../shared/readers';
import type { AsOf } from '../shared/record-time';
import { type CapitationSettings, formulaFor, regimeFor } from './rules';

export interface Capitation {
  month: string;
  listSize: number;
  amountNok: number;
  basis: {
    regime: string;
    /** The list is counted on the 1st of the month (§2.9). */
    countedOn: string;
    formula: 'twelfth' | 'days';
    monthFactor: number;
    paidPatients: number;
    grunntilskudd: boolean;
    tiers: { patients: number; annualRateNok: number }[];
  };
}

const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** Basistilskudd for one contract and month (§3.12); undefined for an unknown contract. */
export function capitation(
  readers: Readers,
  contractId: string,
  month: string,
  settings: CapitationSettings,
  opts: { asOf?: AsOf; today: string },
): Capitation | undefined {
  const doc = contractDoc(readers, contractId, opts.asOf);
  if (!doc) return undefined;
  const first = `${month}-01`;
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const inForce = first >= doc.validFrom && (!doc.canceled || first < doc.canceled.from);
  const listSize = inForce ? countAt(readers, contractId, first, opts.asOf) : 0;
  const regime = regimeFor(month, settings);
  // Grunntilskudd: listetak >= 500 but fewer than 500 listed, paid as 500 for two years from the start.
  const maxPatients = valueOn(doc.ceilings, first, opts.asOf) ?? 0;
  const twoYears = `${Number(doc.validFrom.slice(0, 4)) + 2}${doc.validFrom.slice(4)}`;
  const grunn = inForce && regime.grunntilskudd && maxPatients >= 500 && listSize < 500 && first < twoYears;
  const paid = grunn ? 500 : listSize;
  const formula = formulaFor(month, settings);
  const monthFactor = formula === 'twelfth' ? 1 / 12 : daysInMonth(y, m) / (isLeapYear(y) ? 366 : 365);
  const tiers: { patients: number; annualRateNok: number }[] = [];
  let below = 0;
  let annual = 0;
  for (const [upTo, rate] of regime.tiers) {
    const n = Math.max(0, Math.min(paid, upTo) - below);
    tiers.push({ patients: n, annualRateNok: rate });
    annual += n * rate;
    below = upTo;
  }
  return {
    month,
    listSize,
    amountNok: round2(annual * monthFactor),
    basis: {
      regime: regime.name,
      countedOn: first,
      formula,
      monthFactor,
      paidPatients: paid,
      grunntilskudd: grunn,
      tiers,
    },
  };
}
