import type { RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { decodePersonRow, encodePersonRow } from './person-row-codec';
import { type Emit, type LinkRow, type PatientOnContractBody, type PersonRow, pubKeys } from './model';

/** Only leaving the scheme sets FLR's EndCode (§2.6, §7); other ends are period updates. */
const LEAVES_SCHEME = new Set(['DEATH', 'EMIGRATION', 'OPT_OUT', 'LOST_ENTITLEMENT']);

function personRow(tx: ReadModelTx, personId: string): PersonRow | undefined {
  const bytes = tx.get<Uint8Array>(pubKeys.person(personId));
  return bytes === undefined ? undefined : decodePersonRow(bytes);
}

const putPersonRow = (tx: ReadModelTx, personId: string, row: PersonRow): void =>
  tx.put(pubKeys.person(personId), encodePersonRow(row));

/** The person's link with `associationId` (searched from the latest: events mostly touch recent links). */
function linkOf(row: PersonRow | undefined, associationId: string): LinkRow | undefined {
  if (!row) return undefined;
  for (let i = row.links.length - 1; i >= 0; i--) {
    if (row.links[i]!.body.id === associationId) return row.links[i];
  }
  return undefined;
}

/**
 * Person and patient-link events: PatientOnContractCreated/Updated/Canceled, PatientNinChanged (§5.3).
 * A person's identity number and link bodies are one row (`PersonRow`): a listing reads and writes it
 * once, where a row per association, per person's link list and per identity number took five
 * operations (the feed's rebuild is mostly these reads and writes).
 */
export function mapPatientEvent(tx: ReadModelTx, event: RegisterEvent, emit: Emit): void {
  switch (event.type) {
    case 'PersonRegistered': {
      const row = personRow(tx, event.data.personId);
      putPersonRow(tx, event.data.personId, { nin: event.data.nin, links: row?.links ?? [] });
      return;
    }
    case 'PatientListed': {
      const d = event.data;
      const row = personRow(tx, d.personId) ?? { nin: null, links: [] };
      const body: PatientOnContractBody = {
        id: d.associationId,
        gpContractId: d.contractId,
        patientNin: row.nin ?? '',
        period: { from: d.from, to: null },
        beginCode: d.beginReason,
        endCode: null,
      };
      row.links.push({ body });
      putPersonRow(tx, d.personId, row);
      emit('PatientOnContractCreated', body);
      return;
    }
    case 'PatientUnlisted': {
      const row = personRow(tx, event.data.personId);
      const link = linkOf(row, event.data.associationId);
      if (!row || !link) return;
      const leaves = LEAVES_SCHEME.has(event.data.endReason);
      link.body.period = { from: link.body.period.from, to: event.data.to };
      link.body.endCode = leaves ? event.data.endReason : null;
      putPersonRow(tx, event.data.personId, row);
      emit(leaves ? 'PatientOnContractCanceled' : 'PatientOnContractUpdated', link.body);
      return;
    }
    case 'PendingListingWithdrawn': {
      const row = personRow(tx, event.data.personId);
      const link = linkOf(row, event.data.associationId);
      if (!row || !link) return;
      // A future link ended before it began (FLR: cancelling also ends future associations).
      link.body.period = { from: link.body.period.from, to: link.body.period.from };
      link.withdrawn = true;
      putPersonRow(tx, event.data.personId, row);
      emit('PatientOnContractCanceled', link.body);
      return;
    }
    case 'FactAnnulled': {
      const d = event.data;
      emit('PatientFactCorrected', {
        patientNin: personRow(tx, d.personId)?.nin ?? '',
        fact: d.fact,
        reason: d.reason,
        correctionId: d.correctionId,
      });
      return;
    }
    case 'PatientUnlistingAnnulled': {
      const row = personRow(tx, event.data.personId);
      const link = linkOf(row, event.data.associationId);
      if (!row || !link) return;
      link.body.period = { from: link.body.period.from, to: event.data.restoredTo };
      link.body.endCode = null;
      putPersonRow(tx, event.data.personId, row);
      emit('PatientOnContractUpdated', link.body);
      return;
    }
    case 'PersonNinChanged': {
      const d = event.data;
      const row = personRow(tx, d.personId) ?? { nin: null, links: [] };
      row.nin = d.newNin;
      emit('PatientNinChanged', { oldNin: d.oldNin, newNin: d.newNin });
      // UpdatePatientNin re-keys every association of the person (§5.3); a withdrawn one is gone.
      for (const link of row.links) {
        if (link.withdrawn) continue;
        link.body.patientNin = d.newNin;
        emit('PatientOnContractUpdated', link.body);
      }
      putPersonRow(tx, d.personId, row);
      return;
    }
    default:
      return;
  }
}
