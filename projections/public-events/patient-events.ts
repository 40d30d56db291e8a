import type { RegisterEvent } from '@flr/domain';
import type { Key, ReadModelTx } from '../shared/read-model';
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
      tx.put(pubKeys.personLink(d.personId, d.associationId), 1);
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
      tx.remove(pubKeys.personLink(event.data.personId, event.data.associationId));
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
      // The person's links in the order they began (their keys are in association id order).
      const bodies: PatientOnContractBody[] = [];
      for (const { key } of tx.range<number>(pubKeys.personLinks(d.personId))) {
        const body = tx.get<PatientOnContractBody>(pubKeys.association(String((key as Key[])[2])));
        if (body) bodies.push(body);
      }
      bodies.sort((a, b) => a.period.from.localeCompare(b.period.from) || a.id.localeCompare(b.id));
      for (const body of bodies) {
        body.patientNin = d.newNin;
        tx.put(pubKeys.association(body.id), body);
        emit('PatientOnContractUpdated', body);
      }
      return;
    }
    default:
      return;
  }
}
