import type { MunicipalityRenumbered, RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { type ContractBody, type Emit, type GpOnContractBody, type PublicEventType, pubKeys } from './model';

function contractChange(
  tx: ReadModelTx,
  id: string,
  emit: Emit,
  type: PublicEventType,
  change: (c: ContractBody) => void,
): void {
  const body = tx.get<ContractBody>(pubKeys.contract(id));
  if (!body) return;
  change(body);
  tx.put(pubKeys.contract(id), body);
  emit(type, body);
}

function waitingDelta(tx: ReadModelTx, contractId: string, delta: number, emit: Emit): void {
  contractChange(tx, contractId, emit, 'ContractUpdated', (c) => {
    c.patientsOnWaitingList = Math.max(0, c.patientsOnWaitingList + delta);
  });
}

/** §1.8: a renumbering recorded, under its old number, for contracts created after it. */
const renumberingKey = (oldNumber: string) => ['xr', oldNumber];

function renumberingOf(tx: ReadModelTx, oldNumber: string): MunicipalityRenumbered['data'] | undefined {
  return tx.get<MunicipalityRenumbered['data']>(renumberingKey(oldNumber));
}

/**
 * §1.8: the contract's municipality code changes (never a move), announced at once as a
 * ContractUpdated with the day the new code holds from (`changesValidFrom`), like every dated change.
 */
function renumber(
  tx: ReadModelTx,
  contractId: string,
  oldNumber: string,
  newNumber: string,
  validFrom: string,
  emit: Emit,
): void {
  const body = tx.get<ContractBody>(pubKeys.contract(contractId));
  if (!body) return;
  tx.remove(pubKeys.municipality(oldNumber, contractId));
  tx.put(pubKeys.municipality(newNumber, contractId), 1);
  body.municipality = newNumber;
  tx.put(pubKeys.contract(contractId), body);
  emit('ContractUpdated', { ...body, changesValidFrom: validFrom });
}

/** Contract and doctor-period events: ContractCreated/Updated/Canceled, GPOnContractCreated/Updated (§5.3). */
export function mapContractEvent(tx: ReadModelTx, event: RegisterEvent, emit: Emit): void {
  switch (event.type) {
    case 'ContractCreated': {
      const d = event.data;
      if (tx.get(pubKeys.contract(d.contractId))) return;
      const body: ContractBody = {
        id: d.contractId,
        municipality: d.municipality,
        gpOfficeOrganizationNumber: d.officeOrgNo,
        maxPatients: d.maxPatients,
        status: d.status,
        participatesOnCommonList: d.commonList,
        isFixedSalary: d.fixedSalary,
        valid: { from: d.validFrom, to: null },
        patientsOnWaitingList: 0,
        endReason: null,
      };
      tx.put(pubKeys.contract(d.contractId), body);
      tx.put(pubKeys.municipality(d.municipality, d.contractId), 1);
      emit('ContractCreated', body);
      // §1.8: a renumbering recorded before the contract renumbers it too, announced as it was for
      // the contracts the renumbering found (from the contract's own start if the reform came first).
      let rn = renumberingOf(tx, d.municipality);
      for (let i = 0; rn && i < 10; i++) {
        const from = laterDate(rn.effectiveFrom, d.validFrom);
        renumber(tx, d.contractId, rn.oldNumber, rn.newNumber, from, emit);
        rn = renumberingOf(tx, rn.newNumber);
      }
      return;
    }
    case 'ListCeilingChanged':
      contractChange(tx, event.data.contractId, emit, 'ContractUpdated', (c) => {
        c.maxPatients = event.data.maxPatients;
      });
      return;
    case 'ListStatusChanged':
      contractChange(tx, event.data.contractId, emit, 'ContractUpdated', (c) => {
        c.status = event.data.status;
      });
      return;
    case 'ContractCanceled':
      contractChange(tx, event.data.contractId, emit, 'ContractCanceled', (c) => {
        c.valid = { from: c.valid.from, to: event.data.effectiveFrom };
        c.endReason = event.data.endReason;
      });
      return;
    case 'MunicipalityRenumbered': {
      const ids: string[] = [];
      for (const { key } of tx.range({
        start: ['xm', event.data.oldNumber],
        end: ['xm', event.data.oldNumber, '\uffff'],
      }))
        ids.push((key as string[])[2]);
      const d = event.data;
      for (const id of ids) renumber(tx, id, d.oldNumber, d.newNumber, d.effectiveFrom, emit);
      tx.put(renumberingKey(d.oldNumber), d);
      return;
    }
    case 'MunicipalityRenumberingAnnulled': {
      // Issue 11: the contracts get their old number back (the renumbering never happened).
      const d = event.data;
      if (renumberingOf(tx, d.oldNumber)?.newNumber === d.newNumber) tx.remove(renumberingKey(d.oldNumber));
      const ids: string[] = [];
      for (const { key } of tx.range({ start: ['xm', d.newNumber], end: ['xm', d.newNumber, '\uffff'] }))
        ids.push((key as string[])[2]);
      for (const id of ids) {
        const body = tx.get<ContractBody>(pubKeys.contract(id));
        if (!body || body.municipality !== d.newNumber) continue;
        tx.remove(pubKeys.municipality(d.newNumber, id));
        tx.put(pubKeys.municipality(d.oldNumber, id), 1);
        body.municipality = d.oldNumber;
        tx.put(pubKeys.contract(id), body);
        // The old number holds again from the day the wrong one had held from (for a contract that began
        // later, its own start), so a consumer that stored the wrong number by date can take it back.
        emit('ContractUpdated', { ...body, changesValidFrom: laterDate(d.effectiveFrom, body.valid.from) });
      }
      return;
    }
    case 'WaitingListJoined': {
      const previous = tx.get<string>(pubKeys.waiting(event.data.personId));
      if (previous !== undefined) waitingDelta(tx, previous, -1, emit); // R21: the old entry is replaced
      tx.put(pubKeys.waiting(event.data.personId), event.data.contractId);
      waitingDelta(tx, event.data.contractId, 1, emit);
      return;
    }
    case 'WaitingListLeft': {
      if (tx.get<string>(pubKeys.waiting(event.data.personId)) !== event.data.contractId) return;
      tx.remove(pubKeys.waiting(event.data.personId));
      waitingDelta(tx, event.data.contractId, -1, emit);
      return;
    }
    case 'DoctorPeriodStarted': {
      const d = event.data;
      const body: GpOnContractBody = {
        id: d.periodId,
        gpContractId: d.contractId,
        hprNumber: d.hpr,
        relationship: d.relationship,
        substituteForHprNumber: d.substituteForHpr,
        valid: { from: d.from, to: d.to },
        workingPercentage: d.workingPercentage,
      };
      tx.put(pubKeys.doctor(d.contractId, d.periodId), body);
      emit('GPOnContractCreated', body);
      return;
    }
    case 'DoctorPeriodEnded': {
      const body = tx.get<GpOnContractBody>(pubKeys.doctor(event.data.contractId, event.data.periodId));
      if (!body) return;
      body.valid = { from: body.valid.from, to: event.data.to };
      tx.put(pubKeys.doctor(event.data.contractId, event.data.periodId), body);
      emit('GPOnContractUpdated', body);
      return;
    }
    default:
      return;
  }
}

/** The later of two business dates (ISO dates order as text; Math.max would not take them). */
function laterDate(a: string, b: string): string {
  if (a < b) return b;
  return a;
}
