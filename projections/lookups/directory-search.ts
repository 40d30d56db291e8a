import {
  type ContractView,
  contractDoc,
  contractView,
  type DoctorView,
  doctorPeriodsOf,
  doctorView,
} from '../directory/contract-view';
import {
  type ContractDoc,
  codesRenumberedInto,
  contractDetailsAt,
  dirKeys,
  doctorEnd,
  type GpDoc,
  gpDetailsAt,
  inEffect,
  municipalityOn,
  numberOn,
  RenumberingRows,
} from '../directory/model';
import { ageOn, contains } from '../shared/dates';
import { HIGH } from '../shared/read-model';
import { known } from '../shared/record-time';
import type { Readers, When } from '../shared/readers';

/** A helsenorge-style list entry: the contract with named doctors, their age and sex, and free places. */
export interface ContractListing extends Omit<ContractView, 'doctors'> {
  doctors: DoctorView[];
  gp: DoctorView | null;
  substitute: DoctorView | null;
}

function listing(
  readers: Readers,
  doc: ContractDoc,
  when: When,
  renumberings: RenumberingRows,
): ContractListing {
  const view = contractView(readers, doc, when, renumberings);
  const periods = doctorPeriodsOf(readers, doc.id);
  const doctors = view.doctors.map((d) => {
    const p = periods.find((x) => x.id === d.periodId)!;
    return doctorView(readers, p, d.period.to, when.at, when.asOf);
  });
  return {
    ...view,
    doctors,
    gp: doctors.find((d) => d.relationship === 'LPFL') ?? null,
    substitute: doctors.find((d) => d.relationship === 'LPVI') ?? null,
  };
}

/**
 * QueryGPContracts / the helsenorge list: contracts in force on `at`, optionally in a
 * municipality (by its code on `at`, or an older code renumbered into it, §1.8), with free places,
 * or matching a text (doctor name, contract id, office org number).
 */
export function searchContracts(
  readers: Readers,
  filter: { municipality?: string; hasPlaces?: boolean; text?: string },
  when: When,
): ContractListing[] {
  const ids: string[] = [];
  // Each renumbering row read once for every contract and hop of this query.
  const rows = new RenumberingRows(readers.directory);
  // §1.8: an old number asked after its renumbering means the number it has become by `at` (0219 asked
  // in 2024 is 3201): it finds that municipality's lists, also those recorded under a later number.
  const current =
    filter.municipality === undefined ? undefined : numberOn(filter.municipality, when.at, when.asOf, rows);
  // The log's renumberings, read once (by `rows`) for the three questions below.
  const into = (number: string, at: string) =>
    codesRenumberedInto(readers.directory, number, at, when.asOf, rows);
  if (filter.municipality) {
    // §1.8: the lists recorded under an older number that became this one are in it too (by the data
    // files or the log, through chains that mix the two).
    const numbers = new Set([...into(filter.municipality, '9999-12-31'), ...into(current!, '9999-12-31')]);
    for (const number of [...numbers].sort())
      for (const { key } of readers.directory.range({ start: ['m', number], end: ['m', number, HIGH] }))
        ids.push((key as string[])[2]);
  } else {
    for (const { key } of readers.directory.range({ start: ['k'], end: ['k', HIGH] }))
      ids.push((key as string[])[1]);
  }
  const text = filter.text?.trim().toLowerCase();
  // The numbers that became the one asked for by `at` (3024 between 0219 and 3201 too).
  const older = filter.municipality === undefined ? null : into(filter.municipality, when.at);
  const out: ContractListing[] = [];
  for (const id of [...new Set(ids)].sort()) {
    const doc = contractDoc(readers, id, when.asOf);
    if (!doc || !inForce(doc, when)) continue;
    if (filter.municipality && !inMunicipality(rows, doc, [filter.municipality, current!], older!, when))
      continue;
    const entry = listing(readers, doc, when, rows);
    if (filter.hasPlaces && entry.placesAvailable <= 0) continue;
    if (text && !matches(entry, text)) continue;
    out.push(entry);
  }
  return out;
}

function inForce(doc: ContractDoc, when: When): boolean {
  const canceled = doc.canceled && known(doc.canceled.recordedAt, when.asOf) ? doc.canceled : null;
  return contains(doc.validFrom, canceled?.from ?? null, when.at);
}

function inMunicipality(
  renumberings: RenumberingRows,
  doc: ContractDoc,
  numbers: readonly string[],
  older: ReadonlySet<string>,
  when: When,
): boolean {
  const current = municipalityOn(doc, when.at, when.asOf, renumberings);
  if (current !== undefined && numbers.includes(current)) return true;
  // An old code asked after a renumbering still finds the same contracts (a code change, not a move):
  // a number recorded for the list, or one such a number became by `at`.
  return doc.municipality.some((m) => older.has(m.value) && m.from <= when.at && inEffect(m, when.asOf));
}

function matches(entry: ContractListing, text: string): boolean {
  if (entry.contractId.toLowerCase().includes(text) || entry.officeOrgNo.includes(text)) return true;
  return entry.doctors.some((d) => d.name?.toLowerCase().includes(text));
}

/** GetGPContractsOnOffice: `at` omitted returns every contract, historical ones included (§5.2). */
export function officeContracts(
  readers: Readers,
  orgNo: string,
  when: When,
  allTimes: boolean,
): ContractView[] {
  const out: ContractView[] = [];
  const rows = new RenumberingRows(readers.directory);
  for (const { key } of readers.directory.range({ start: ['o', orgNo], end: ['o', orgNo, HIGH] })) {
    const doc = contractDoc(readers, (key as string[])[2], when.asOf);
    if (!doc || (!allTimes && !inForce(doc, when))) continue;
    // §2.4: a list moved to another office (UpdateContract) is on this office while its org number is.
    if (
      allTimes
        ? !everOnOffice(doc, orgNo, when)
        : contractDetailsAt(doc, when.at, when.asOf).officeOrgNo !== orgNo
    )
      continue;
    out.push(contractView(readers, doc, when, rows));
  }
  return out;
}

function everOnOffice(doc: ContractDoc, orgNo: string, when: When): boolean {
  if (doc.officeOrgNo === orgNo) return true;
  return (doc.details ?? []).some((c) => c.changes.officeOrgNo === orgNo && known(c.recordedAt, when.asOf));
}

export interface GpWithContracts {
  hpr: number;
  name: string;
  birthDate: string | null;
  age: number | null;
  sex: 'male' | 'female' | null;
  specialistInGeneralPractice: boolean;
  /** HER-id (§1.9) as of `at`; null = none recorded. */
  herId: number | null;
  contracts: (DoctorView & { contractId: string; municipality: string; officeOrgNo: string })[];
}

/** GetGPWithAssociatedGPContracts: `at` omitted returns historical and future periods too (§5.2). */
export function gpWithContracts(
  readers: Readers,
  hpr: number,
  when: When,
  allTimes: boolean,
): GpWithContracts | undefined {
  const gp = readers.directory.get<GpDoc>(dirKeys.gp(hpr));
  if (!gp || !known(gp.recordedAt, when.asOf)) return undefined;
  const contracts: GpWithContracts['contracts'] = [];
  const rows = new RenumberingRows(readers.directory);
  for (const [contractId, periodId] of gp.periods) {
    const doc = contractDoc(readers, contractId, when.asOf);
    const p = doc ? doctorPeriodsOf(readers, contractId).find((x) => x.id === periodId) : undefined;
    if (!doc || !p || !known(p.recordedAt, when.asOf)) continue;
    const to = doctorEnd(p, when.asOf);
    // On a date, a contract cancelled by then is none of the GP's contracts any more (R34b), whatever
    // end its doctor periods were given.
    if (!allTimes && (!contains(p.from, to, when.at) || !inForce(doc, when))) continue;
    const { name: _n, sex: _s, age: _a, ...period } = doctorView(readers, p, to, when.at);
    contracts.push({
      ...period,
      contractId,
      municipality: municipalityOn(doc, when.at, when.asOf, rows) ?? '',
      officeOrgNo: contractDetailsAt(doc, when.at, when.asOf).officeOrgNo,
    });
  }
  const details = gpDetailsAt(gp, when.at, when.asOf);
  return {
    hpr: gp.hpr,
    name: details.name,
    birthDate: gp.birthDate,
    age: gp.birthDate ? ageOn(gp.birthDate, when.at) : null,
    sex: gp.sex,
    specialistInGeneralPractice: details.specialistInGeneralPractice,
    herId: details.herId,
    contracts,
  };
}
