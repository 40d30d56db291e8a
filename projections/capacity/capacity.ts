import { searchContracts } from '../lookups/directory-search';
import { keys, type PersonInfo } from '../link-history/model';
import { linkAt } from '../link-history/queries';
import { readPerson } from '../link-history/person-codec';
import { HIGH } from '../shared/read-model';
import type { Readers, When } from '../shared/readers';
import type { AsOf } from '../shared/record-time';

/** Municipality capacity on a date (R43): who is listed, who waits unassigned, and what is free. */
export interface MunicipalityCapacity {
  municipality: string;
  at: string;
  lists: number;
  /** People on the municipality's lists (wherever they live). */
  listed: number;
  /** Entitled residents without a list on the date (ufordelte, §2.8). */
  unassigned: number;
  freePlaces: number;
  listsWithoutGp: number;
}

/** The codes that mean `number` on `at`: itself and older codes renumbered into it by then (§1.8). */
function codesOf(readers: Readers, number: string, at: string, asOf: AsOf): Set<string> {
  const codes = new Set([number]);
  type Renumbering = { to: string; from: string; r: number; annulledAt?: number };
  const renumberings: [string, Renumbering][] = [];
  for (const { key, value } of readers.directory.range<Renumbering>({
    start: ['rn'],
    end: ['rn', HIGH],
  }))
    renumberings.push([(key as string[])[1], value]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [old, rn] of renumberings)
      if (
        !codes.has(old) &&
        codes.has(rn.to) &&
        rn.from <= at &&
        (asOf === undefined || rn.r <= asOf) &&
        // Issue 11: a corrected renumbering never happened, once the correction is known.
        !(rn.annulledAt !== undefined && (asOf === undefined || rn.annulledAt <= asOf))
      ) {
        codes.add(old);
        grew = true;
      }
  }
  return codes;
}

/** R1/R2/R4/R38/R39: resident on the date, born, alive, not emigrated, not opted out, FNR or flagged DNR. */
function entitledResidentOf(info: PersonInfo, codes: Set<string>, at: string, asOf: AsOf): boolean {
  if (info.birthDate > at || (info.kind === 'DNR' && info.entitlement === null)) return false;
  let residence: string | undefined;
  for (const e of info.res) if (e.from <= at && (asOf === undefined || e.r <= asOf)) residence = e.v;
  if (residence === undefined || !codes.has(residence)) return false;
  let optedOut = false;
  for (const e of info.life) {
    if (e.from > at || (asOf !== undefined && e.r > asOf)) continue;
    if (e.v === 'died' || e.v === 'emigrated') return false;
    optedOut = e.v === 'optedOut';
  }
  return !optedOut;
}

export function municipalityCapacity(readers: Readers, number: string, when: When): MunicipalityCapacity {
  const lists = searchContracts(readers, { municipality: number }, when);
  const codes = codesOf(readers, number, when.at, when.asOf);
  let unassigned = 0;
  for (const code of codes) {
    for (const { key } of readers.linkHistory.range({ start: ['r', code], end: ['r', code, HIGH] })) {
      const personId = (key as string[])[2];
      const info = readers.linkHistory.get<PersonInfo>(keys.personInfo(personId));
      const person = readPerson(readers.linkHistory, personId);
      if (!info || !person || (when.asOf !== undefined && person.recordedAt > when.asOf)) continue;
      if (entitledResidentOf(info, codes, when.at, when.asOf) && !linkAt(person, when.at, when.asOf))
        unassigned++;
    }
  }
  return {
    municipality: number,
    at: when.at,
    lists: lists.length,
    listed: lists.reduce((n, c) => n + c.listSize, 0),
    unassigned,
    freePlaces: lists.reduce((n, c) => n + c.placesAvailable, 0),
    listsWithoutGp: lists.filter((c) => c.listWithoutGp).length,
  };
}
