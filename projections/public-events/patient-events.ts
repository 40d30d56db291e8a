import type { RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import {
  decodePersonRow,
  encodePersonRow,
  findLink,
  personRowNin,
  withLinkAppended,
  withLinkReplaced,
} from './person-row-codec';
import { type Emit, type LinkRow, type PatientOnContractBody, type PersonRow, pubKeys } from './model';

/** Only leaving the scheme sets FLR's EndCode (§2.6, §7); other ends are period updates. */
const LEAVES_SCHEME = new Set(['DEATH', 'EMIGRATION', 'OPT_OUT', 'LOST_ENTITLEMENT']);

/** The person's row as stored (a view a held row's store may reuse at its next write: read it at once). */
const personBytes = (tx: ReadModelTx, personId: string): Uint8Array | undefined =>
  tx.get<Uint8Array>(pubKeys.person(personId));

function personRow(tx: ReadModelTx, personId: string): PersonRow | undefined {
  const bytes = personBytes(tx, personId);
  return bytes === undefined ? undefined : decodePersonRow(bytes);
}

const putPersonRow = (tx: ReadModelTx, personId: string, row: PersonRow): void =>
  tx.put(pubKeys.person(personId), encodePersonRow(row));

/**
 * The person's link with `associationId` changed by `change` in their row (the row's other links
 * are neither decoded nor re-encoded); the changed link, or undefined when the person has no row or
 * no such link.
 */
function changeLink(
  tx: ReadModelTx,
  personId: string,
  associationId: string,
  change: (link: LinkRow) => void,
): LinkRow | undefined {
  const bytes = personBytes(tx, personId);
  const found = bytes && findLink(bytes, associationId);
  if (!bytes || !found) return undefined;
  change(found.link);
  tx.put(pubKeys.person(personId), withLinkReplaced(bytes, found, found.link));
  return found.link;
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
      const bytes = personBytes(tx, d.personId);
      const body: PatientOnContractBody = {
        id: d.associationId,
        gpContractId: d.contractId,
        patientNin: (bytes && personRowNin(bytes)) ?? '',
        period: { from: d.from, to: null },
        beginCode: d.beginReason,
        endCode: null,
      };
      tx.put(pubKeys.person(d.personId), withLinkAppended(bytes, { body }));
      emit('PatientOnContractCreated', body);
      return;
    }
    case 'PatientUnlisted': {
      const d = event.data;
      const leaves = LEAVES_SCHEME.has(d.endReason);
      const link = changeLink(tx, d.personId, d.associationId, ({ body }) => {
        body.period = { from: body.period.from, to: d.to };
        body.endCode = leaves ? d.endReason : null;
      });
      if (link) emit(leaves ? 'PatientOnContractCanceled' : 'PatientOnContractUpdated', link.body);
      return;
    }
    case 'PendingListingWithdrawn': {
      const link = changeLink(tx, event.data.personId, event.data.associationId, (changed) => {
        // A future link ended before it began (FLR: cancelling also ends future associations).
        changed.body.period = { from: changed.body.period.from, to: changed.body.period.from };
        changed.withdrawn = true;
      });
      if (link) emit('PatientOnContractCanceled', link.body);
      return;
    }
    case 'FactAnnulled': {
      const d = event.data;
      const bytes = personBytes(tx, d.personId);
      emit('PatientFactCorrected', {
        patientNin: (bytes && personRowNin(bytes)) ?? '',
        fact: d.fact,
        reason: d.reason,
        correctionId: d.correctionId,
      });
      return;
    }
    case 'PatientUnlistingAnnulled': {
      const d = event.data;
      const link = changeLink(tx, d.personId, d.associationId, ({ body }) => {
        body.period = { from: body.period.from, to: d.restoredTo };
        body.endCode = null;
      });
      if (link) emit('PatientOnContractUpdated', link.body);
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
