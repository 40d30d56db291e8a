import type { RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { type Emit, type PatientOnContractBody, pubKeys } from './model';

/** Only leaving the scheme sets FLR's EndCode (§2.6, §7); other ends are period updates. */
const LEAVES_SCHEME = new Set(['DEATH', 'EMIGRATION', 'OPT_OUT', 'LOST_ENTITLEMENT']);

/** Person and patient-link events: PatientOnContractCreated/Updated/Canceled, PatientNinChanged (§5.3). */
export function mapPatientEvent(tx: ReadModelTx, event: RegisterEvent, emit: Emit): void {
  switch (event.type) {
    case 'PersonRegistered':
      tx.put(pubKeys.personNin(event.data.personId), event.data.nin);
      return;
    case 'PatientListed': {
      const d = event.data;
      const body: PatientOnContractBody = {
        id: d.associationId,
        gpContractId: d.contractId,
        patientNin: tx.get<string>(pubKeys.personNin(d.personId)) ?? '',
        period: { from: d.from, to: null },
        beginCode: d.beginReason,
        endCode: null,
      };
      tx.put(pubKeys.association(d.associationId), body);
      tx.put(pubKeys.personLinks(d.personId), [
        ...(tx.get<string[]>(pubKeys.personLinks(d.personId)) ?? []),
        d.associationId,
      ]);
      emit('PatientOnContractCreated', body);
      return;
    }
    case 'PatientUnlisted': {
      const body = tx.get<PatientOnContractBody>(pubKeys.association(event.data.associationId));
      if (!body) return;
      const leaves = LEAVES_SCHEME.has(event.data.endReason);
      body.period = { from: body.period.from, to: event.data.to };
      body.endCode = leaves ? event.data.endReason : null;
      tx.put(pubKeys.association(event.data.associationId), body);
      emit(leaves ? 'PatientOnContractCanceled' : 'PatientOnContractUpdated', body);
      return;
    }
    case 'PendingListingWithdrawn': {
      const body = tx.get<PatientOnContractBody>(pubKeys.association(event.data.associationId));
      if (!body) return;
      // A future link ended before it began (FLR: cancelling also ends future associations).
      body.period = { from: body.period.from, to: body.period.from };
      tx.put(pubKeys.association(event.data.associationId), body);
      const links = (tx.get<string[]>(pubKeys.personLinks(event.data.personId)) ?? []).filter(
        (a) => a !== event.data.associationId,
      );
      tx.put(pubKeys.personLinks(event.data.personId), links);
      emit('PatientOnContractCanceled', body);
      return;
    }
    case 'FactAnnulled': {
      const d = event.data;
      emit('PatientFactCorrected', {
        patientNin: tx.get<string>(pubKeys.personNin(d.personId)) ?? '',
        fact: d.fact,
        reason: d.reason,
        correctionId: d.correctionId,
      });
      return;
    }
    case 'PatientUnlistingAnnulled': {
      const body = tx.get<PatientOnContractBody>(pubKeys.association(event.data.associationId));
      if (!body) return;
      body.period = { from: body.period.from, to: event.data.restoredTo };
      body.endCode = null;
      tx.put(pubKeys.association(event.data.associationId), body);
      emit('PatientOnContractUpdated', body);
      return;
    }
    case 'PersonNinChanged': {
      const d = event.data;
      tx.put(pubKeys.personNin(d.personId), d.newNin);
      emit('PatientNinChanged', { oldNin: d.oldNin, newNin: d.newNin });
      // UpdatePatientNin re-keys every association of the person (§5.3).
      for (const id of tx.get<string[]>(pubKeys.personLinks(d.personId)) ?? []) {
        const body = tx.get<PatientOnContractBody>(pubKeys.association(id));
        if (!body) continue;
        body.patientNin = d.newNin;
        tx.put(pubKeys.association(id), body);
        emit('PatientOnContractUpdated', body);
      }
      return;
    }
    default:
      return;
  }
}
