import { listSizeAt } from '../link-index/lists';
import { ageOn, contains, firstOfNextMonth } from '../shared/dates';
import type { Readers, When } from '../shared/readers';
import { type AsOf, known } from '../shared/record-time';
import { waitingCount } from '../waiting-lists/waiting-lists';
import type { Address, OutOfOfficeLocation } from '@flr/domain';
import {
  type ContractDoc,
  contractDetailsAt,
  type DoctorPeriodDoc,
  dirKeys,
  doctorEnd,
  type GpDoc,
  gpDetailsAt,
  municipalityOn,
  RenumberingRows,
  valueOn,
} from './model';
import { readDoctorPeriodsForQuery } from './doctors-codec';

export interface DoctorView {
  periodId: string;
  hpr: number;
  relationship: 'LPFL' | 'LPVI';
  period: { from: string; to: string | null };
  substituteForHpr?: number;
  workingPercentage?: number;
  name?: string;
  sex?: 'male' | 'female' | null;
  age?: number | null;
}

export interface ContractView {
  contractId: string;
  municipality: string;
  officeOrgNo: string;
  maxPatients: number;
  status: 'open' | 'closed' | 'locked';
  listSize: number;
  placesAvailable: number;
  patientsOnWaitingList: number;
  doctors: DoctorView[];
  valid: { from: string; to: string | null };
  commonList: boolean;
  fixedSalary: boolean;
  listWithoutGp: boolean;
  endReason: string | null;
  /** §2.4 details as of `at` (UpdateContract): the office's name and address, co-operation, utekontor. */
  officeName: string | null;
  officeAddress: Address | null;
  coopMunicipalities: string[];
  accessibleToMobilityImpaired: boolean | null;
  outOfOfficeLocations: OutOfOfficeLocation[];
}

export function contractDoc(readers: Readers, id: string, asOf: AsOf): ContractDoc | undefined {
  const doc = readers.directory.get<ContractDoc>(dirKeys.contract(id));
  return doc && known(doc.recordedAt, asOf) ? doc : undefined;
}

export function doctorPeriodsOf(readers: Readers, contractId: string): readonly DoctorPeriodDoc[] {
  return readDoctorPeriodsForQuery(readers.directory, contractId);
}

/** Doctor periods valid on `date` (§5.4), fastleger first; without names (one read per contract). */
export function doctorsOn(readers: Readers, contractId: string, date: string, asOf: AsOf): DoctorView[] {
  const out: DoctorView[] = [];
  for (const p of doctorPeriodsOf(readers, contractId)) {
    if (!known(p.recordedAt, asOf)) continue;
    const to = doctorEnd(p, asOf);
    if (contains(p.from, to, date)) out.push(periodView(p, to));
  }
  if (out.length > 1) out.sort(fastlegerFirst);
  return out;
}

/** Fastleger first, then by start date (YYYY-MM-DD: the characters' order is the dates' order). */
function fastlegerFirst(a: DoctorView, b: DoctorView): number {
  if (a.relationship !== b.relationship) return a.relationship === 'LPFL' ? -1 : 1;
  return a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : 0;
}

function periodView(p: DoctorPeriodDoc, to: string | null): DoctorView {
  const v: DoctorView = {
    periodId: p.id,
    hpr: p.hpr,
    relationship: p.relationship,
    period: { from: p.from, to },
  };
  if (p.substituteForHpr !== null) v.substituteForHpr = p.substituteForHpr;
  if (p.workingPercentage !== null) v.workingPercentage = p.workingPercentage;
  return v;
}

/** A doctor period with the GP's name (as of `ageDate`, known at `asOf`), sex and age on `ageDate`. */
export function doctorView(
  readers: Readers,
  p: DoctorPeriodDoc,
  to: string | null,
  ageDate: string,
  asOf?: AsOf,
): DoctorView {
  const v = periodView(p, to);
  const gp = readers.directory.get<GpDoc>(dirKeys.gp(p.hpr));
  if (gp) {
    v.name = gpDetailsAt(gp, ageDate, asOf).name;
    v.sex = gp.sex;
    v.age = gp.birthDate ? ageOn(gp.birthDate, ageDate) : null;
  }
  return v;
}

/**
 * GetGPContract as of a date. `listSize` counts the list on `at`. `placesAvailable` is the
 * admission capacity of §4.4: open lists only (S52), against the list as it will stand on the 1st
 * of the next month, so pending arrivals take places and pending departures free them; never < 0 (S34):
 * an open list with none is answered closed (R14); none on a list no longer in force on that 1st, which
 * is answered closed too (R34b). A question over many lists passes them one `renumberings` (§1.8).
 */
export function contractView(
  readers: Readers,
  doc: ContractDoc,
  when: When,
  renumberings: RenumberingRows = new RenumberingRows(readers.directory),
): ContractView {
  const { at, asOf } = when;
  const maxPatients = valueOn(doc.ceilings, at, asOf) ?? 0;
  const recordedStatus = valueOn(doc.statuses, at, asOf) ?? 'open';
  const canceled = doc.canceled && known(doc.canceled.recordedAt, asOf) ? doc.canceled : null;
  const validTo = canceled?.from ?? null;
  const inForce = contains(doc.validFrom, validTo, at);
  const listSize = countAt(readers, doc.id, at, asOf);
  const admissionDate = firstOfNextMonth(at);
  const admissionCount = countAt(readers, doc.id, admissionDate, asOf);
  // R34b: a list cancelled from the next 1st takes nobody in (a placement would start after its end).
  const admits = inForce && contains(doc.validFrom, validTo, admissionDate);
  // R14/S34: a list with no free place is closed, at once: an open list whose ceiling was lowered to
  // its size or below (or that took its last place) answers closed before the daily job records it;
  // so is one that takes nobody in because it is cancelled from the next 1st or has ended (R34b).
  const status =
    recordedStatus === 'open' && (!admits || maxPatients - admissionCount <= 0) ? 'closed' : recordedStatus;
  // A contract not in force on `at` (cancelled by then, R34b) has no doctors then, whatever end its
  // doctor periods were given.
  const doctors = inForce ? doctorsOn(readers, doc.id, at, asOf) : [];
  const details = contractDetailsAt(doc, at, asOf);
  return {
    contractId: doc.id,
    municipality: municipalityOn(doc, at, asOf, renumberings) ?? '',
    officeOrgNo: details.officeOrgNo,
    maxPatients,
    status,
    listSize,
    placesAvailable: admits && status === 'open' ? maxPatients - admissionCount : 0,
    patientsOnWaitingList: waitingCount(readers.waitingLists, doc.id, { at, asOf }),
    doctors,
    valid: { from: doc.validFrom, to: validTo },
    commonList: doc.commonList,
    fixedSalary: details.fixedSalary,
    listWithoutGp: !doctors.some((d) => d.relationship === 'LPFL'),
    endReason: canceled?.endReason ?? null,
    officeName: details.officeName,
    officeAddress: details.officeAddress,
    coopMunicipalities: [...details.coopMunicipalities],
    accessibleToMobilityImpaired: details.accessibleToMobilityImpaired,
    outOfOfficeLocations: [...details.outOfOfficeLocations],
  };
}

/** List size on a date from the link index: a binary search in the contract's size changes; with `asOf`, a scan resolving each link as known then. */
export function countAt(readers: Readers, contractId: string, date: string, asOf: AsOf): number {
  return listSizeAt(readers.linkIndex, contractId, date, asOf);
}
