import type {
  ContractCanceled,
  ContractCreated,
  DoctorPeriodEnded,
  DoctorPeriodStarted,
  GpRegistered,
  ListCeilingChanged,
  ListStatusChanged,
  MunicipalityRenumbered,
} from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { type ContractDoc, dirKeys, type GpDoc, type RenumberingDoc } from './model';
import { readDoctorPeriods, writeDoctorPeriods } from './doctors-codec';

export function onContractCreated(tx: ReadModelTx, d: ContractCreated['data'], r: number): void {
  if (tx.get(dirKeys.contract(d.contractId))) return;
  const doc: ContractDoc = {
    id: d.contractId,
    officeOrgNo: d.officeOrgNo,
    commonList: d.commonList,
    fixedSalary: d.fixedSalary,
    validFrom: d.validFrom,
    recordedAt: r,
    municipality: [{ from: d.validFrom, value: d.municipality, recordedAt: r }],
    ceilings: [{ from: d.validFrom, value: d.maxPatients, recordedAt: r }],
    statuses: [{ from: d.validFrom, value: d.status, recordedAt: r }],
    canceled: null,
  };
  tx.put(dirKeys.contract(d.contractId), doc);
  tx.put(dirKeys.office(d.officeOrgNo, d.contractId), 1);
  tx.put(dirKeys.municipality(d.municipality, d.contractId), 1);
  renumberedSinceRecorded(tx, doc, r);
}

/**
 * §1.8: a contract created in a number whose renumbering is already recorded (a future reform, or a
 * contract valid from before a past one) gets the new code on the renumbering's date, as the
 * contracts the renumbering found did (`onRenumbered`), renumberings of the new number followed in
 * turn. The code holds from the contract's own start when the renumbering took effect before it.
 */
function renumberedSinceRecorded(tx: ReadModelTx, doc: ContractDoc, r: number): void {
  for (let i = 0; i < 10; i++) {
    const current = doc.municipality.at(-1)!;
    const rn = tx.get<RenumberingDoc>(['rn', current.value]);
    if (!rn || rn.annulledAt !== undefined) break;
    const from = laterDate(rn.from, doc.validFrom);
    doc.municipality.push({ from, value: rn.to, recordedAt: r });
    tx.put(dirKeys.municipality(rn.to, doc.id), 1);
  }
  tx.put(dirKeys.contract(doc.id), doc);
}

export function update(tx: ReadModelTx, contractId: string, change: (doc: ContractDoc) => void): void {
  const doc = tx.get<ContractDoc>(dirKeys.contract(contractId));
  if (!doc) return;
  change(doc);
  tx.put(dirKeys.contract(contractId), doc);
}

/** R29: the ceiling changes; nobody moves. */
export const onCeilingChanged = (tx: ReadModelTx, d: ListCeilingChanged['data'], r: number): void =>
  update(tx, d.contractId, (doc) => doc.ceilings.push({ from: d.on, value: d.maxPatients, recordedAt: r }));

export const onStatusChanged = (tx: ReadModelTx, d: ListStatusChanged['data'], r: number): void =>
  update(tx, d.contractId, (doc) => doc.statuses.push({ from: d.on, value: d.status, recordedAt: r }));

export const onContractCanceled = (tx: ReadModelTx, d: ContractCanceled['data'], r: number): void =>
  update(tx, d.contractId, (doc) => {
    doc.canceled = {
      from: d.effectiveFrom,
      endReason: d.endReason,
      moveTo: d.moveToContractId,
      recordedAt: r,
    };
  });

/** R37: a doctor period (LPFL or LPVI) never moves patients. */
export function onDoctorStarted(tx: ReadModelTx, d: DoctorPeriodStarted['data'], r: number): void {
  if (!tx.get(dirKeys.contract(d.contractId))) return;
  const periods = readDoctorPeriods(tx, d.contractId);
  if (periods.some((p) => p.id === d.periodId)) return;
  periods.push({
    id: d.periodId,
    hpr: d.hpr,
    relationship: d.relationship,
    from: d.from,
    substituteForHpr: d.substituteForHpr,
    workingPercentage: d.workingPercentage,
    recordedAt: r,
    ends: d.to === null ? [] : [{ recordedAt: r, to: d.to }],
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
  period.ends.push({ recordedAt: r, to: d.to });
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
    recordedAt: r,
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
      if (current?.value === d.oldNumber)
        doc.municipality.push({ from: d.effectiveFrom, value: d.newNumber, recordedAt: r });
    });
    tx.put(dirKeys.municipality(d.newNumber, id), 1);
  }
  tx.put(['rn', d.oldNumber], {
    to: d.newNumber,
    from: d.effectiveFrom,
    recordedAt: r,
  } satisfies RenumberingDoc);
}

/** The later of two business dates (ISO dates order as text; Math.max would not take them). */
function laterDate(a: string, b: string): string {
  if (a < b) return b;
  return a;
}
