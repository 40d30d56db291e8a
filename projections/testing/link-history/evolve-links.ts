import type {
  PatientListed,
  PatientUnlisted,
  PatientUnlistingAnnulled,
  PendingListingWithdrawn,
  PersonNinChanged,
} from '@flr/domain';
import type { ReadModelTx } from '../../shared/read-model';
import { readPerson, writePerson } from './person-codec';
import { addToSize } from './size-index';
import {
  type ByFromValue,
  type ContractMeta,
  endOf,
  keys,
  type Link,
  type NinDoc,
  type PersonDoc,
  type PersonInfo,
} from './model';

/** PatientListed: a new link, pending while `from` is in the future (§4.3). */
export function onListed(tx: ReadModelTx, data: PatientListed['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  if (!person || person.links.some((l) => l.associationId === data.associationId)) return;
  const link: Link = {
    associationId: data.associationId,
    contractId: data.contractId,
    from: data.from,
    beginReason: data.beginReason,
    recordedAt: r,
    ends: [],
    withdrawnAt: null,
  };
  person.links.push(link);
  person.links.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.recordedAt - y.recordedAt));
  writePerson(tx, person);
  const { contractId, from, associationId } = link;
  const byFrom: ByFromValue = { personId: person.id, nin: person.nin, to: null };
  tx.put(keys.byFrom(contractId, from, associationId), byFrom);
  tx.put(keys.byTo(contractId, null, from, associationId), person.nin);
  addToSize(tx, contractId, from, null, 1);
  const meta = tx.get<ContractMeta>(keys.contractMeta(contractId));
  if (!meta || from < meta.first) tx.put(keys.contractMeta(contractId), { first: from });
}

/** PatientUnlisted: the link ends at `to` (exclusive); a later end replaces an earlier one. */
export function onUnlisted(tx: ReadModelTx, data: PatientUnlisted['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  const link = person?.links.find((l) => l.associationId === data.associationId);
  if (!person || !link || link.withdrawnAt !== null) return;
  const before = endOf(link, undefined)?.to ?? null;
  const after = data.to;
  link.ends.push({ recordedAt: r, to: after, endReason: data.endReason });
  writePerson(tx, person);
  moveEnd(tx, person, link, before, after);
}

/** A correction takes a link's end back (issue 11): recorded as a later end, so `asOf` before it keeps the end. */
export function onUnlistingAnnulled(
  tx: ReadModelTx,
  data: PatientUnlistingAnnulled['data'],
  r: number,
): void {
  const person = readPerson(tx, data.personId);
  const link = person?.links.find((l) => l.associationId === data.associationId);
  if (!person || !link || link.withdrawnAt !== null) return;
  const before = endOf(link, undefined)?.to ?? null;
  link.ends.push({ recordedAt: r, to: data.restoredTo, endReason: null });
  writePerson(tx, person);
  moveEnd(tx, person, link, before, data.restoredTo);
}

function moveEnd(
  tx: ReadModelTx,
  person: PersonDoc,
  link: Link,
  before: string | null,
  after: string | null,
): void {
  if (before === after) return;
  const { contractId, from, associationId } = link;
  if (after === null) {
    // Open again: the days from the old end on count once more.
    tx.put(keys.byFrom(contractId, from, associationId), {
      personId: person.id,
      nin: person.nin,
      to: null,
    } as ByFromValue);
    tx.remove(keys.byTo(contractId, before, from, associationId));
    tx.put(keys.byTo(contractId, null, from, associationId), person.nin);
    addToSize(tx, contractId, clampFrom(from, before as string), null, 1);
    return;
  }
  const value: ByFromValue = { personId: person.id, nin: person.nin, to: after };
  tx.put(keys.byFrom(contractId, from, associationId), value);
  tx.remove(keys.byTo(contractId, before, from, associationId));
  tx.put(keys.byTo(contractId, after, from, associationId), person.nin);
  // Only the days between the old and the new end change count (R-Move §2.6).
  const lo = clampFrom(from, before === null ? after : after < before ? after : before);
  if (before === null) addToSize(tx, contractId, lo, null, -1);
  else if (after < before) addToSize(tx, contractId, lo, before, -1);
  else addToSize(tx, contractId, clampFrom(from, before), after, 1);
}

const clampFrom = (from: string, date: string): string => (date < from ? from : date);

/** PendingListingWithdrawn: a pending link that never took effect (§4.3); gp-history omits it. */
export function onWithdrawn(tx: ReadModelTx, data: PendingListingWithdrawn['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  const link = person?.links.find((l) => l.associationId === data.associationId);
  if (!person || !link || link.withdrawnAt !== null) return;
  const to = endOf(link, undefined)?.to ?? null;
  link.withdrawnAt = r;
  writePerson(tx, person);
  const { contractId, from, associationId } = link;
  tx.put(keys.byFrom(contractId, from, associationId), {
    personId: person.id,
    nin: person.nin,
    to,
    withdrawn: true,
  } satisfies ByFromValue);
  tx.remove(keys.byTo(contractId, to, from, associationId));
  addToSize(tx, contractId, from, to, -1);
}

/** R41: the history is re-keyed to the new nin; the old one stops resolving (S45). */
export function onNinChanged(tx: ReadModelTx, data: PersonNinChanged['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  if (!person) return;
  const old = tx.get<NinDoc>(keys.nin(data.oldNin));
  if (old && old.personId === person.id) tx.put(keys.nin(data.oldNin), { ...old, until: r } satisfies NinDoc);
  tx.put(keys.nin(data.newNin), { personId: person.id, recordedAt: r } satisfies NinDoc);
  person.nin = data.newNin;
  writePerson(tx, person);
  const info = tx.get<PersonInfo>(keys.personInfo(person.id));
  if (info)
    tx.put(keys.personInfo(person.id), {
      ...info,
      nins: [...info.nins, { nin: data.newNin, recordedAt: r }],
    } satisfies PersonInfo);
  for (const link of person.links) {
    const { contractId, from, associationId } = link;
    const to = endOf(link, undefined)?.to ?? null;
    const byFrom = tx.get<ByFromValue>(keys.byFrom(contractId, from, associationId));
    if (byFrom)
      tx.put(keys.byFrom(contractId, from, associationId), {
        ...byFrom,
        nin: data.newNin,
      } satisfies ByFromValue);
    if (link.withdrawnAt === null) tx.put(keys.byTo(contractId, to, from, associationId), data.newNin);
  }
}
