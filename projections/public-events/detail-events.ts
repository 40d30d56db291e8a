import { applyDated, type ContractDetails, type GpDetails, type RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { type ContractBody, type DetailHistory, type Emit, type GpBody, pubKeys } from './model';

/**
 * Dated details (issue 11): ContractUpdated for a contract's details and GPUpdated for a GP's, each
 * announced with the values that hold on the change's own validity date.
 */
export function mapDetailEvent(tx: ReadModelTx, event: RegisterEvent, emit: Emit): void {
  switch (event.type) {
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
    default:
      return;
  }
}
