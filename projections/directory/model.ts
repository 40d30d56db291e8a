import { type ContractDetails, type GpDetails, applyDated } from '@flr/domain';
import { nationalCodeOn, nationalPredecessors } from '../shared/municipality-code';
import { HIGH, type Key, type ReadModelReader } from '../shared/read-model';
import { type AsOf, known } from '../shared/record-time';

/**
 * GP and contract directory read model: contracts with their dated ceilings, statuses,
 * municipality codes and doctor periods (LPFL fastlege, LPVI vikar), GPs, and the office and
 * municipality indexes. Each dated fact keeps its record time `recordedAt` (epoch ms) for `asOf`
 * answers.
 */
export interface Dated<T> {
  readonly from: string;
  readonly value: T;
  readonly recordedAt: number;
  /** Record time of the correction that annulled this entry (issue 11): gone for `asOf` from then. */
  annulledAt?: number;
}

/** A dated partial change of details (UpdateContract, UpdateGp): valid from `from`, recorded at `recordedAt`. */
export interface DatedChange<T> {
  readonly from: string;
  readonly recordedAt: number;
  readonly changes: Partial<T>;
}

export interface DoctorPeriodDoc {
  readonly id: string;
  readonly hpr: number;
  readonly relationship: 'LPFL' | 'LPVI';
  /** First day of the period. */
  readonly from: string;
  readonly substituteForHpr: number | null;
  readonly workingPercentage: number | null;
  readonly recordedAt: number;
  /** Every end recorded, in log order: the exclusive end date `to` and its record time; the last known at `asOf` applies. */
  ends: { recordedAt: number; to: string }[];
}

export interface ContractDoc {
  readonly id: string;
  readonly officeOrgNo: string;
  readonly commonList: boolean;
  readonly fixedSalary: boolean;
  readonly validFrom: string;
  readonly recordedAt: number;
  municipality: Dated<string>[];
  ceilings: Dated<number>[];
  statuses: Dated<'open' | 'closed' | 'locked'>[];
  canceled: { from: string; endReason: string; moveTo: string; recordedAt: number } | null;
  /** Dated detail changes in log order (absent in documents written before UpdateContract existed). */
  details?: DatedChange<ContractDetails>[];
}

export interface GpDoc {
  readonly hpr: number;
  readonly name: string;
  readonly birthDate: string | null;
  readonly sex: 'male' | 'female' | null;
  readonly specialist: boolean;
  readonly recordedAt: number;
  /** [contractId, periodId] of every doctor period of this GP. */
  periods: [string, string][];
  /** Dated detail changes in log order (absent in documents written before UpdateGp existed). */
  updates?: DatedChange<GpDetails>[];
}

/** A renumbering (§1.8) under ['rn', oldNumber]: the new number from `from`, recorded at `recordedAt`. */
export interface RenumberingDoc {
  readonly to: string;
  readonly from: string;
  readonly recordedAt: number;
  /** Record time of the correction that annulled it (issue 11). */
  annulledAt?: number;
}

export const dirKeys = {
  contract: (id: string): Key => ['k', id],
  /** The contract's doctor periods, apart from the contract so a gp-at question reads only them. */
  doctors: (id: string): Key => ['kd', id],
  gp: (hpr: number): Key => ['g', hpr],
  office: (orgNo: string, contractId: string): Key => ['o', orgNo, contractId],
  municipality: (number: string, contractId: string): Key => ['m', number, contractId],
};

/** Known at `asOf` and not annulled by a correction known then (issue 11). */
export function inEffect(
  entry: { readonly recordedAt: number; readonly annulledAt?: number },
  asOf: AsOf,
): boolean {
  return known(entry.recordedAt, asOf) && !(entry.annulledAt !== undefined && known(entry.annulledAt, asOf));
}

/** The value in force on `date` as known at `asOf`: the latest `from` <= date, later records winning ties. */
export function valueOn<T>(entries: readonly Dated<T>[], date: string, asOf: AsOf): T | undefined {
  let best: Dated<T> | undefined;
  let fallback: Dated<T> | undefined;
  for (const e of entries) {
    if (!inEffect(e, asOf)) continue;
    fallback ??= e;
    if (e.from <= date && (!best || e.from >= best.from)) best = e;
  }
  return (best ?? fallback)?.value;
}

/**
 * §1.8: the contract's municipality code on `date`: as recorded (the log's renumberings), then the
 * national code history, so a list of 0219 reads 3024 from 2020 and 3201 from 2024 without a command.
 */
export function municipalityOn(
  doc: ContractDoc,
  date: string,
  asOf: AsOf,
  renumberings?: ReadModelReader | RenumberingRows,
): string | undefined {
  const recorded = valueOn(doc.municipality, date, asOf);
  if (recorded === undefined) return undefined;
  return numberOn(recorded, date, asOf, renumberings);
}

/** A renumbering recorded in the log: the old number and its document. */
export type LoggedRenumbering = readonly [oldNumber: string, renumbering: RenumberingDoc];

/**
 * §1.8: the renumbering rows of the log as one query reads them: each number's ['rn', number] row at
 * most once, however many contracts and hops ask (a query over many lists asks the same few numbers;
 * a read of the store each time was one per hop per contract), and the whole 'rn' range at most once
 * (`all`, which then answers `of` too).
 */
export class RenumberingRows {
  private readonly rows = new Map<string, RenumberingDoc | null>();
  private scanned: LoggedRenumbering[] | undefined;
  constructor(private readonly directory: ReadModelReader) {}

  of(number: string): RenumberingDoc | null {
    let row = this.rows.get(number);
    if (row === undefined) {
      row = this.scanned ? null : (this.directory.get<RenumberingDoc>(['rn', number]) ?? null);
      this.rows.set(number, row);
    }
    return row;
  }

  /** Every renumbering recorded in the log, in number order: one scan of the 'rn' range. */
  all(): readonly LoggedRenumbering[] {
    if (this.scanned) return this.scanned;
    const scanned: LoggedRenumbering[] = [];
    for (const { key, value } of this.directory.range<RenumberingDoc>({ start: ['rn'], end: ['rn', HIGH] })) {
      const number = (key as string[])[1]!;
      scanned.push([number, value]);
      this.rows.set(number, value);
    }
    this.scanned = scanned;
    return scanned;
  }
}

/**
 * §1.8: the number a municipality number has become by `date`: the national code history with the
 * log's renumberings (as known at `asOf`) taking precedence at every step (a split is left alone).
 * A query asking for many contracts passes one `RenumberingRows` to all of them.
 */
export function numberOn(
  number: string,
  date: string,
  asOf: AsOf,
  renumberings?: ReadModelReader | RenumberingRows,
): string {
  const rows =
    renumberings === undefined || renumberings instanceof RenumberingRows
      ? renumberings
      : new RenumberingRows(renumberings);
  // The log's renumberings of the numbers the data files lead to (the contract's own were applied).
  const logged = (n: string) => {
    const rn = rows?.of(n);
    return rn && inEffect(rn, asOf) ? { newNumber: rn.to, effectiveFrom: rn.from } : null;
  };
  return nationalCodeOn(number, date, logged);
}

/**
 * §1.8: the codes that mean `number` on `at`: itself and the older codes renumbered or merged into it
 * by then, by the national code history or a renumbering recorded in the log (as known at `asOf`),
 * through chains that mix the two. A query asking several times passes one `RenumberingRows`.
 */
export function codesRenumberedInto(
  directory: ReadModelReader,
  number: string,
  at: string,
  asOf: AsOf,
  rows: RenumberingRows = new RenumberingRows(directory),
): Set<string> {
  const renumberings = rows.all();
  const codes = new Set([number]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const code of [...codes])
      for (const old of nationalPredecessors(code, at))
        if (!codes.has(old)) {
          codes.add(old);
          grew = true;
        }
    // Issue 11: a corrected renumbering never happened, once the correction is known.
    for (const [old, rn] of renumberings)
      if (!codes.has(old) && codes.has(rn.to) && rn.from <= at && inEffect(rn, asOf)) {
        codes.add(old);
        grew = true;
      }
  }
  return codes;
}

export function doctorEnd(p: DoctorPeriodDoc, asOf: AsOf): string | null {
  for (let i = p.ends.length - 1; i >= 0; i--) if (known(p.ends[i].recordedAt, asOf)) return p.ends[i].to;
  return null;
}

/** Valid time over record time: `base` with every change valid on `date` and known at `asOf`. */
export function detailsOn<T extends object>(
  base: T,
  changes: readonly DatedChange<T>[] | undefined,
  date: string,
  asOf: AsOf,
): T {
  const knownChanges = (changes ?? []).filter((c) => known(c.recordedAt, asOf));
  return applyDated(
    base,
    knownChanges.map((c) => ({ validFrom: c.from, changes: c.changes })),
    date,
  );
}

/** The contract's details on `date` as known at `asOf` (§2.4). */
export function contractDetailsAt(doc: ContractDoc, date: string, asOf: AsOf): ContractDetails {
  const created: ContractDetails = {
    officeOrgNo: doc.officeOrgNo,
    officeName: null,
    officeAddress: null,
    coopMunicipalities: [],
    accessibleToMobilityImpaired: null,
    fixedSalary: doc.fixedSalary,
    outOfOfficeLocations: [],
  };
  return detailsOn(created, doc.details, date, asOf);
}

/** The GP's details on `date` as known at `asOf` (§2.2, §1.9). */
export function gpDetailsAt(doc: GpDoc, date: string, asOf: AsOf): GpDetails {
  const registered: GpDetails = {
    name: doc.name,
    specialistInGeneralPractice: doc.specialist,
    herId: null,
  };
  return detailsOn(registered, doc.updates, date, asOf);
}
