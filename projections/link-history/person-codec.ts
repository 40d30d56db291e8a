import type { Key, ReadModelReader, ReadModelTx } from '../shared/read-model';
import { keys, type Link, type PersonDoc } from './model';

/**
 * The person document is stored as tuples, not objects: it is decoded on every gp-at question, and
 * msgpack decodes arrays of primitives about three times faster than objects with string keys.
 * Layout: [id, nin, r, links[]], a link [a, c, f, br, r, w, ends: [r, t, er, r, t, er, ...]].
 */
type LinkTuple = [string, string, string, string, number, number | null, (string | number | null)[]];
type PersonTuple = [string, string, number, LinkTuple[]];

function decodeLink(t: LinkTuple): Link {
  const ends: Link['ends'] = [];
  const flat = t[6];
  for (let i = 0; i < flat.length; i += 3)
    ends.push({ r: flat[i] as number, t: flat[i + 1] as string | null, er: flat[i + 2] as string | null });
  return { a: t[0], c: t[1], f: t[2], br: t[3], r: t[4], w: t[5], ends };
}

function encodeLink(l: Link): LinkTuple {
  const flat: (string | number | null)[] = [];
  for (const e of l.ends) flat.push(e.r, e.t, e.er);
  return [l.a, l.c, l.f, l.br, l.r, l.w, flat];
}

export function readPerson(r: ReadModelReader, personId: string): PersonDoc | undefined {
  const t = r.get<PersonTuple>(keys.person(personId));
  return t && { id: t[0], nin: t[1], r: t[2], links: t[3].map(decodeLink) };
}

export function writePerson(tx: ReadModelTx, person: PersonDoc): void {
  const key: Key = keys.person(person.id);
  tx.put(key, [person.id, person.nin, person.r, person.links.map(encodeLink)] satisfies PersonTuple);
}
