import type {
  PatientListed,
  PatientUnlisted,
  PatientUnlistingAnnulled,
  PendingListingWithdrawn,
  PersonNinChanged,
} from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { readPerson, writePerson } from './person-codec';
import { addToSize } from './size-index';
import {
  type ByFromValue,
  type ContractMeta,
  endOf,
  keys,
  type Link,
  type PersonDoc,
  type PersonInfo,
} from './model';

/** PatientListed: a new link, pending while `from` is in the future (§4.3). */
export function onListed(tx: ReadModelTx, data: PatientListed['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  if (!person || person.links.some((l) => l.a === data.associationId)) return;
  const link: Link = {
    a: data.associationId,
    c: data.contractId,
    f: data.from,
    br: data.beginReason,
    r,
    ends: [],
    w: null,
  };
  person.links.push(link);
  person.links.sort((x, y) => (x.f < y.f ? -1 : x.f > y.f ? 1 : x.r - y.r));
  writePerson(tx, person);
  const byFrom: ByFromValue = { p: person.id, n: person.nin, t: null };
  tx.put(keys.byFrom(link.c, link.f, link.a), byFrom);
  tx.put(keys.byTo(link.c, null, link.f, link.a), person.nin);
  addToSize(tx, link.c, link.f, null, 1);
  const meta = tx.get<ContractMeta>(keys.contractMeta(link.c));
  if (!meta || link.f < meta.first) tx.put(keys.contractMeta(link.c), { first: link.f });
}

/** PatientUnlisted: the link ends at `to` (exclusive); a later end replaces an earlier one. */
export function onUnlisted(tx: ReadModelTx, data: PatientUnlisted['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  const link = person?.links.find((l) => l.a === data.associationId);
  if (!person || !link || link.w !== null) return;
  const before = endOf(link, undefined)?.t ?? null;
  const after = data.to;
  link.ends.push({ r, t: after, er: data.endReason });
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
  const link = person?.links.find((l) => l.a === data.associationId);
  if (!person || !link || link.w !== null) return;
  const before = endOf(link, undefined)?.t ?? null;
  link.ends.push({ r, t: data.restoredTo, er: null });
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
  if (after === null) {
    // Open again: the days from the old end on count once more.
    tx.put(keys.byFrom(link.c, link.f, link.a), { p: person.id, n: person.nin, t: null } as ByFromValue);
    tx.remove(keys.byTo(link.c, before, link.f, link.a));
    tx.put(keys.byTo(link.c, null, link.f, link.a), person.nin);
    addToSize(tx, link.c, clampFrom(link.f, before as string), null, 1);
    return;
  }
  const value: ByFromValue = { p: person.id, n: person.nin, t: after };
  tx.put(keys.byFrom(link.c, link.f, link.a), value);
  tx.remove(keys.byTo(link.c, before, link.f, link.a));
  tx.put(keys.byTo(link.c, after, link.f, link.a), person.nin);
  // Only the days between the old and the new end change count (R-Move §2.6).
  const lo = clampFrom(link.f, before === null ? after : after < before ? after : before);
  if (before === null) addToSize(tx, link.c, lo, null, -1);
  else if (after < before) addToSize(tx, link.c, lo, before, -1);
  else addToSize(tx, link.c, clampFrom(link.f, before), after, 1);
}

const clampFrom = (from: string, date: string): string => (date < from ? from : date);

/** PendingListingWithdrawn: a pending link that never took effect (§4.3); gp-history omits it. */
export function onWithdrawn(tx: ReadModelTx, data: PendingListingWithdrawn['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  const link = person?.links.find((l) => l.a === data.associationId);
  if (!person || !link || link.w !== null) return;
  const to = endOf(link, undefined)?.t ?? null;
  link.w = r;
  writePerson(tx, person);
  tx.put(keys.byFrom(link.c, link.f, link.a), {
    p: person.id,
    n: person.nin,
    t: to,
    w: 1,
  } satisfies ByFromValue);
  tx.remove(keys.byTo(link.c, to, link.f, link.a));
  addToSize(tx, link.c, link.f, to, -1);
}

/** R41: the history is re-keyed to the new nin; the old one stops resolving (S45). */
export function onNinChanged(tx: ReadModelTx, data: PersonNinChanged['data'], r: number): void {
  const person = readPerson(tx, data.personId);
  if (!person) return;
  const old = tx.get<{ p: string; r: number; until?: number }>(keys.nin(data.oldNin));
  if (old && old.p === person.id) tx.put(keys.nin(data.oldNin), { ...old, until: r });
  tx.put(keys.nin(data.newNin), { p: person.id, r });
  person.nin = data.newNin;
  writePerson(tx, person);
  const info = tx.get<PersonInfo>(keys.personInfo(person.id));
  if (info) tx.put(keys.personInfo(person.id), { ...info, nins: [...info.nins, { n: data.newNin, r }] });
  for (const link of person.links) {
    const to = endOf(link, undefined)?.t ?? null;
    const byFrom = tx.get<ByFromValue>(keys.byFrom(link.c, link.f, link.a));
    if (byFrom) tx.put(keys.byFrom(link.c, link.f, link.a), { ...byFrom, n: data.newNin });
    if (link.w === null) tx.put(keys.byTo(link.c, to, link.f, link.a), data.newNin);
  }
}
