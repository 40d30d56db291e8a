import type { Key, ReadModelReader, ReadModelTx } from '../../shared/read-model';
import { keys, type Link, type PersonDoc } from './model';

/**
 * The person document is stored as tuples, not objects: it is decoded on every gp-at question, and
 * msgpack decodes arrays of primitives about three times faster than objects with string keys.
 * Layout: [id, nin, recordedAt, links[]], a link [associationId, contractId, from, beginReason,
 * recordedAt, withdrawnAt, ends: [recordedAt, to, endReason, ...]]: the short form lives here only.
 */
type LinkTuple = [string, string, string, string, number, number | null, (string | number | null)[]];
type PersonTuple = [string, string, number, LinkTuple[]];

function decodeLink(t: LinkTuple): Link {
  const ends: Link['ends'] = [];
  const flat = t[6];
  for (let i = 0; i < flat.length; i += 3)
    ends.push({
      recordedAt: flat[i] as number,
      to: flat[i + 1] as string | null,
      endReason: flat[i + 2] as string | null,
    });
  return {
    associationId: t[0],
    contractId: t[1],
    from: t[2],
    beginReason: t[3],
    recordedAt: t[4],
    withdrawnAt: t[5],
    ends,
  };
}

function encodeLink(l: Link): LinkTuple {
  const flat: (string | number | null)[] = [];
  for (const e of l.ends) flat.push(e.recordedAt, e.to, e.endReason);
  return [l.associationId, l.contractId, l.from, l.beginReason, l.recordedAt, l.withdrawnAt, flat];
}

export function readPerson(r: ReadModelReader, personId: string): PersonDoc | undefined {
  const t = r.get<PersonTuple>(keys.person(personId));
  return t && { id: t[0], nin: t[1], recordedAt: t[2], links: t[3].map(decodeLink) };
}

export function writePerson(tx: ReadModelTx, person: PersonDoc): void {
  const key: Key = keys.person(person.id);
  tx.put(key, [person.id, person.nin, person.recordedAt, person.links.map(encodeLink)] satisfies PersonTuple);
}
