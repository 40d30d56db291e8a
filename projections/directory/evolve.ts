import type {
  ContractCanceled,
  ContractCreated,
  ContractDetailsUpdated,
  DoctorPeriodEnded,
  DoctorPeriodStarted,
  GpDetailsUpdated,
  GpRegistered,
  ListCeilingChanged,
  ListStatusChanged,
  MunicipalityRenumbered,
  MunicipalityRenumberingAnnulled,
} from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { type ContractDoc, dirKeys, type GpDoc } from './model';
import { readDoctorPeriods, writeDoctorPeriods } from './doctors-codec';

export function onContractCreated(tx: ReadModelTx, d: ContractCreated['data'], r: number): void {
  if (tx.get(dirKeys.contract(d.contractId))) return;
  const doc: ContractDoc = {
    id: d.contractId,
    officeOrgNo: d.officeOrgNo,
    commonList: d.commonList,
    fixedSalary: d.fixedSalary,
    validFrom: d.validFrom,
    r,
    municipality: [{ from: d.validFrom, v: d.municipality, r }],
    ceilings: [{ from: d.validFrom, v: d.maxPatients, r }],
    statuses: [{ from: d.validFrom, v: d.status, r }],
    canceled: null,
  };
  tx.put(dirKeys.contract(d.contractId), doc);
  tx.put(dirKeys.office(d.officeOrgNo, d.contractId), 1);
  tx.put(dirKeys.municipality(d.municipality, d.contractId), 1);
}

function update(tx: ReadModelTx, contractId: string, change: (doc: ContractDoc) => void): void {
  const doc = tx.get<ContractDoc>(dirKeys.contract(contractId));
  if (!doc) return;
  change(doc);
  tx.put(dirKeys.contract(contractId), doc);
}

/** R29: the ceiling changes; nobody moves. */
export const onCeilingChanged = (tx: ReadModelTx, d: ListCeilingChanged['data'], r: number): void =>
  update(tx, d.contractId, (doc) => doc.ceilings.push({ from: d.on, v: d.maxPatients, r }));

export const onStatusChanged = (tx: ReadModelTx, d: ListStatusChanged['data'], r: number): void =>
  update(tx, d.contractId, (doc) => doc.statuses.push({ from: d.on, v: d.status, r }));

export const onContractCanceled = (tx: ReadModelTx, d: ContractCanceled['data'], r: number): void =>
  update(tx, d.contractId, (doc) => {
    doc.canceled = { from: d.effectiveFrom, endReason: d.endReason, moveTo: d.moveToContractId, r };
  });

/** R37: a doctor period (LPFL or LPVI) never moves patients. */
export function onDoctorStarted(tx: ReadModelTx, d: DoctorPeriodStarted['data'], r: number): void {
  if (!tx.get(dirKeys.contract(d.contractId))) return;
  const periods = readDoctorPeriods(tx, d.contractId);
  if (periods.some((p) => p.id === d.periodId)) return;
  periods.push({
    id: d.periodId,
    hpr: d.hpr,
    rel: d.relationship,
    f: d.from,
    sub: d.substituteForHpr,
    wp: d.workingPercentage,
    r,
    ends: d.to === null ? [] : [{ r, t: d.to }],
  });
  writeDoctorPeriods(tx, d.contractId, periods);
  const gp = tx.get<GpDoc>(dirKeys.gp(d.hpr));
  if (gp) {
    gp.periods.push([d.contractId, d.periodId]);
    tx.put(dirKeys.gp(d.hpr), gp);
  } else {
    // A period may name a GP registered later; the GP document picks it up then.
    tx.put(['gq', d.hpr, d.contractId, d.periodId], 1);
  }
}

export function onDoctorEnded(tx: ReadModelTx, d: DoctorPeriodEnded['data'], r: number): void {
  const periods = readDoctorPeriods(tx, d.contractId);
  const period = periods.find((p) => p.id === d.periodId);
  if (!period) return;
  period.ends.push({ r, t: d.to });
  writeDoctorPeriods(tx, d.contractId, periods);
}

export function onGpRegistered(tx: ReadModelTx, d: GpRegistered['data'], r: number): void {
  if (tx.get(dirKeys.gp(d.hpr))) return;
  const periods: [string, string][] = [];
  const waiting: (string | number)[][] = [];
  for (const { key } of tx.range({ start: ['gq', d.hpr], end: ['gq', d.hpr + 1] })) {
    const k = key as (string | number)[];
    periods.push([String(k[2]), String(k[3])]);
    waiting.push(k);
  }
  for (const k of waiting) tx.remove(k);
  const doc: GpDoc = {
    hpr: d.hpr,
    name: d.name,
    birthDate: d.birthDate,
    sex: d.sex,
    specialist: d.specialistInGeneralPractice,
    r,
    periods,
  };
  tx.put(dirKeys.gp(d.hpr), doc);
}

/** §1.8: a renumbering is a code change on a date, never a move. */
export function onRenumbered(tx: ReadModelTx, d: MunicipalityRenumbered['data'], r: number): void {
  const ids: string[] = [];
  for (const { key } of tx.range({ start: ['m', d.oldNumber], end: ['m', `${d.oldNumber}\uffff`] })) {
    const k = key as string[];
    if (k[1] === d.oldNumber) ids.push(k[2]);
  }
  for (const id of ids) {
    update(tx, id, (doc) => {
      // The code in force last, corrected renumberings (issue 11) left out.
      const current = doc.municipality.filter((m) => m.annulledAt === undefined).at(-1);
      if (current?.v === d.oldNumber) doc.municipality.push({ from: d.effectiveFrom, v: d.newNumber, r });
    });
    tx.put(dirKeys.municipality(d.newNumber, id), 1);
  }
  tx.put(['rn', d.oldNumber], { to: d.newNumber, from: d.effectiveFrom, r });
}

/** §2.4: dated detail changes; a new office org number is indexed so the office finds the list. */
export function onContractDetailsUpdated(
  tx: ReadModelTx,
  d: ContractDetailsUpdated['data'],
  r: number,
): void {
  update(tx, d.contractId, (doc) => {
    doc.details = [...(doc.details ?? []), { from: d.validFrom, r, changes: d.changes }];
  });
  if (d.changes.officeOrgNo !== undefined && tx.get(dirKeys.contract(d.contractId)))
    tx.put(dirKeys.office(d.changes.officeOrgNo, d.contractId), 1);
}

/** §2.2, §1.9: dated changes of a GP's name, specialist status, HER-id. */
export function onGpDetailsUpdated(tx: ReadModelTx, d: GpDetailsUpdated['data'], r: number): void {
  const gp = tx.get<GpDoc>(dirKeys.gp(d.hpr));
  if (!gp) return;
  gp.updates = [...(gp.updates ?? []), { from: d.validFrom, r, changes: d.changes }];
  tx.put(dirKeys.gp(d.hpr), gp);
}

/**
 * Issue 11: a wrong renumbering annulled. The contracts' dated codes it added are marked annulled at
 * the correction's record time (valid time: the number never changed; `asOf` before: as believed then).
 * The index under the new number stays: lookups check the dated codes.
 */
export function onRenumberingAnnulled(
  tx: ReadModelTx,
  d: MunicipalityRenumberingAnnulled['data'],
  r: number,
): void {
  const ids: string[] = [];
  for (const { key } of tx.range({ start: ['m', d.oldNumber], end: ['m', `${d.oldNumber}\uffff`] })) {
    const k = key as string[];
    if (k[1] === d.oldNumber) ids.push(k[2]);
  }
  for (const id of ids)
    update(tx, id, (doc) => {
      for (const m of doc.municipality)
        if (m.v === d.newNumber && m.from === d.effectiveFrom && m.annulledAt === undefined) m.annulledAt = r;
    });
  const rn = tx.get<{ to: string; from: string; r: number; annulledAt?: number }>(['rn', d.oldNumber]);
  if (rn && rn.to === d.newNumber) tx.put(['rn', d.oldNumber], { ...rn, annulledAt: r });
}
