import { isValidBusinessDate } from '../calendar/business-date';
import type { BusinessDate } from '../events';
import { MUNICIPALITY_CHANGES, MUNICIPALITY_PERIODS } from './municipality-data';
import type { MunicipalityChange, MunicipalityPeriod } from './municipality.types';

const periodsByNumber = new Map<string, MunicipalityPeriod[]>();
for (const [number, name, from, to, population] of MUNICIPALITY_PERIODS) {
  const list = periodsByNumber.get(number) ?? [];
  list.push({ number, name, from, to, population });
  periodsByNumber.set(number, list);
}
for (const list of periodsByNumber.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));

const changesFrom = new Map<string, MunicipalityChange[]>();
for (const [date, oldNumber, newNumber, kind] of MUNICIPALITY_CHANGES) {
  const list = changesFrom.get(oldNumber) ?? [];
  list.push({ date, oldNumber, newNumber, kind });
  changesFrom.set(oldNumber, list);
}

function periodOn(number: string, date: BusinessDate): MunicipalityPeriod | undefined {
  assertDate(date);
  return periodsByNumber.get(number)?.find((p) => p.from <= date && (p.to === null || date < p.to));
}

function assertDate(date: BusinessDate): void {
  if (!isValidBusinessDate(date)) throw new RangeError(`Not a business date: ${String(date)}`);
}

/**
 * Versioned kommunenummer (§1.8), from shared/data (2001-01-01 onwards). Unknown numbers give
 * false / null / []; a malformed date is a programming error and throws RangeError.
 */
export const municipalityCodes = {
  /** The number was valid at some time since 2001-01-01. */
  exists(number: string): boolean {
    return periodsByNumber.has(number);
  },

  isValidOn(number: string, date: BusinessDate): boolean {
    return periodOn(number, date) !== undefined;
  },

  /** The name of the municipality the number meant on `date` (0716: Våle in 2001, Re 2002–2019). */
  nameOf(number: string, date: BusinessDate): string | null {
    return periodOn(number, date)?.name ?? null;
  },

  /** Direct successors: the changes that ended this number, with dates and kinds. */
  successorsOf(number: string): readonly MunicipalityChange[] {
    return changesFrom.get(number) ?? [];
  },

  /**
   * The number(s) that stand for this municipality's area on `date`: itself while valid; otherwise its
   * renumbering/merger chain followed forward (a split yields every target, sorted). Dates before the
   * number existed give [] (no backward mapping).
   */
  canonicalOn(number: string, date: BusinessDate): string[] {
    const out = new Set<string>();
    collectCanonical(number, date, out);
    return [...out].sort();
  },

  /** SSB population on 1 January 2024, for numbers valid since 2024 only. */
  population(number: string): number | null {
    const list = periodsByNumber.get(number);
    return list ? (list[list.length - 1].population ?? null) : null;
  },

  periodsOf(number: string): readonly MunicipalityPeriod[] {
    return periodsByNumber.get(number) ?? [];
  },

  /** Every number valid on `date`, sorted. */
  validOn(date: BusinessDate): string[] {
    assertDate(date);
    const out: string[] = [];
    for (const [number, list] of periodsByNumber) {
      if (list.some((p) => p.from <= date && (p.to === null || date < p.to))) out.push(number);
    }
    return out.sort();
  },

  /** All changes effective on or before `to` and after `from` (exclusive), in date order. */
  changesBetween(from: BusinessDate, to: BusinessDate): MunicipalityChange[] {
    assertDate(from);
    assertDate(to);
    return MUNICIPALITY_CHANGES.filter(([date]) => date > from && date <= to)
      .map(([date, oldNumber, newNumber, kind]) => ({ date, oldNumber, newNumber, kind }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  },
} as const;

function collectCanonical(number: string, date: BusinessDate, out: Set<string>): void {
  const list = periodsByNumber.get(number);
  if (!list) return;
  if (periodOn(number, date)) {
    out.add(number);
    return;
  }
  // Follow only the changes that ended this number on or before `date`; data guarantees the
  // target is valid from the change date (README validation: 498/498).
  for (const change of changesFrom.get(number) ?? []) {
    if (change.date <= date) collectCanonical(change.newNumber, date, out);
  }
}
