import type { BusinessDate } from '../events';

export type MunicipalityChangeKind = 'renumbered' | 'merged' | 'split';

/** [number, name, from, to (exclusive; null = still valid), population on 1 Jan 2024 or null] */
export type MunicipalityPeriodRow = readonly [
  string,
  string,
  BusinessDate,
  BusinessDate | null,
  number | null,
];
/** [date, oldNumber, newNumber, kind] */
export type MunicipalityChangeRow = readonly [BusinessDate, string, string, MunicipalityChangeKind];

/** One continuous period in which a kommunenummer meant one municipality (§1.8); half-open. */
export interface MunicipalityPeriod {
  readonly number: string;
  /** SSB's name at the end of the period (renames within a period are not recorded). */
  readonly name: string;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
  readonly population: number | null;
}

/** A code change effective on `date` (always 1 January); never a resident move (§1.8). */
export interface MunicipalityChange {
  readonly date: BusinessDate;
  readonly oldNumber: string;
  readonly newNumber: string;
  readonly kind: MunicipalityChangeKind;
}
