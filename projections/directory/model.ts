import type { Key } from '../shared/read-model';
import type { AsOf } from '../shared/record-time';

/**
 * GP and contract directory read model: contracts with their dated ceilings, statuses,
 * municipality codes and doctor periods (LPFL fastlege, LPVI vikar), GPs, and the office and
 * municipality indexes. Each dated fact keeps its record time `r` for `asOf` answers.
 */
export interface Dated<T> {
  readonly from: string;
  readonly v: T;
  readonly r: number;
}

export interface DoctorPeriodDoc {
  readonly id: string;
  readonly hpr: number;
  readonly rel: 'LPFL' | 'LPVI';
  readonly f: string;
  readonly sub: number | null;
  readonly wp: number | null;
  readonly r: number;
  ends: { r: number; t: string }[];
}

export interface ContractDoc {
  readonly id: string;
  readonly officeOrgNo: string;
  readonly commonList: boolean;
  readonly fixedSalary: boolean;
  readonly validFrom: string;
  readonly r: number;
  municipality: Dated<string>[];
  ceilings: Dated<number>[];
  statuses: Dated<'open' | 'closed' | 'locked'>[];
  canceled: { from: string; endReason: string; moveTo: string; r: number } | null;
}

export interface GpDoc {
  readonly hpr: number;
  readonly name: string;
  readonly birthDate: string | null;
  readonly sex: 'male' | 'female' | null;
  readonly specialist: boolean;
  readonly r: number;
  /** [contractId, periodId] of every doctor period of this GP. */
  periods: [string, string][];
}

export const dirKeys = {
  contract: (id: string): Key => ['k', id],
  /** The contract's doctor periods, apart from the contract so a gp-at question reads only them. */
  doctors: (id: string): Key => ['kd', id],
  gp: (hpr: number): Key => ['g', hpr],
  office: (orgNo: string, contractId: string): Key => ['o', orgNo, contractId],
  municipality: (number: string, contractId: string): Key => ['m', number, contractId],
};

/** The value in force on `date` as known at `asOf`: the latest `from` <= date, later records winning ties. */
export function valueOn<T>(entries: readonly Dated<T>[], date: string, asOf: AsOf): T | undefined {
  let best: Dated<T> | undefined;
  let fallback: Dated<T> | undefined;
  for (const e of entries) {
    if (asOf !== undefined && e.r > asOf) continue;
    fallback ??= e;
    if (e.from <= date && (!best || e.from >= best.from)) best = e;
  }
  return (best ?? fallback)?.v;
}

export function doctorEnd(p: DoctorPeriodDoc, asOf: AsOf): string | null {
  for (let i = p.ends.length - 1; i >= 0; i--)
    if (asOf === undefined || p.ends[i].r <= asOf) return p.ends[i].t;
  return null;
}
