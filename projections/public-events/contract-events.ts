import { applyDated, type ContractDetails, type GpDetails, type RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import {
  type ContractBody,
  type Emit,
  type DetailHistory,
  type GpBody,
  type GpOnContractBody,
  type PublicEventType,
  pubKeys,
} from './model';

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
      for (const id of ids) {
        tx.remove(pubKeys.municipality(event.data.oldNumber, id));
        tx.put(pubKeys.municipality(event.data.newNumber, id), 1);
        contractChange(tx, id, emit, 'ContractUpdated', (c) => {
          c.municipality = event.data.newNumber;
        });
      }
      return;
    }
    case 'MunicipalityRenumberingAnnulled': {
      // Issue 11: the contracts get their old number back (the renumbering never happened).
      const d = event.data;
      const ids: string[] = [];
      for (const { key } of tx.range({ start: ['xm', d.newNumber], end: ['xm', d.newNumber, '\uffff'] }))
        ids.push((key as string[])[2]);
      for (const id of ids) {
        const body = tx.get<ContractBody>(pubKeys.contract(id));
        if (!body || body.municipality !== d.newNumber) continue;
        tx.remove(pubKeys.municipality(d.newNumber, id));
        tx.put(pubKeys.municipality(d.oldNumber, id), 1);
        contractChange(tx, id, emit, 'ContractUpdated', (c) => {
          c.municipality = d.oldNumber;
        });
      }
      return;
    }
    case 'ContractDetailsUpdated': {
      // §2.4: the body with the contract's details as they hold from the change's date (valid time,
      // so an update dated before an earlier-recorded one is announced right), and that date.
      const d = event.data;
      const body = tx.get<ContractBody>(pubKeys.contract(d.contractId));
      if (!body) return;
      const history = tx.get<DetailHistory<ContractDetails>>(pubKeys.contractDetails(d.contractId)) ?? {
        base: {
          officeOrgNo: body.gpOfficeOrganizationNumber,
          officeName: null,
          officeAddress: null,
          coopMunicipalities: [],
          accessibleToMobilityImpaired: null,
          fixedSalary: body.isFixedSalary,
          outOfOfficeLocations: [],
        },
        updates: [],
      };
      history.updates.push({ validFrom: d.validFrom, changes: d.changes });
      tx.put(pubKeys.contractDetails(d.contractId), history);
      const on = applyDated(history.base, history.updates, d.validFrom);
      body.gpOfficeOrganizationNumber = on.officeOrgNo;
      body.gpOfficeName = on.officeName;
      body.gpOfficeAddress = on.officeAddress;
      body.coopMunicipalities = [...on.coopMunicipalities];
      body.accessibleToMobilityImpaired = on.accessibleToMobilityImpaired;
      body.isFixedSalary = on.fixedSalary;
      body.outOfOfficeLocations = on.outOfOfficeLocations.map((l) => ({
        description: l.description,
        address: { ...l.address },
      }));
      tx.put(pubKeys.contract(d.contractId), body);
      emit('ContractUpdated', { ...body, changesValidFrom: d.validFrom });
      return;
    }
    case 'GpRegistered': {
      const d = event.data;
      const history: DetailHistory<GpDetails> = {
        base: { name: d.name, specialistInGeneralPractice: d.specialistInGeneralPractice, herId: null },
        updates: [],
      };
      tx.put(pubKeys.gp(d.hpr), history);
      return;
    }
    case 'GpDetailsUpdated': {
      // §2.2, §1.9 (FLR GPUpdated): the GP's details as they hold from validFrom (valid time).
      const d = event.data;
      const history = tx.get<DetailHistory<GpDetails>>(pubKeys.gp(d.hpr));
      if (!history) return;
      history.updates.push({ validFrom: d.validFrom, changes: d.changes });
      tx.put(pubKeys.gp(d.hpr), history);
      const on = applyDated(history.base, history.updates, d.validFrom);
      const body: GpBody = {
        hprNumber: d.hpr,
        name: on.name,
        specialistInGeneralPractice: on.specialistInGeneralPractice,
        herId: on.herId,
        validFrom: d.validFrom,
      };
      emit('GPUpdated', body);
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
