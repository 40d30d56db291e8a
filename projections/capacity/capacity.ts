import { codesRenumberedInto } from '../directory/model';
import { dayNumber } from '../link-index/days';
import type { LinkIndex } from '../link-index/model';
import { linkOnDay } from '../link-index/queries';
import { searchContracts } from '../lookups/directory-search';
import { knownAt, type PersonRow, residenceKnownOn } from '../person-register/model';
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
  return codesRenumberedInto(readers.directory, number, at, asOf);
}

/**
 * R1/R2/R4/R38/R39: resident on the date, born, alive, not emigrated, not opted out, FNR or flagged
 * DNR; each fact as known at `asOf` (the nin's kind from the nin the person had then).
 */
function entitledResidentOf(
  index: LinkIndex,
  row: PersonRow,
  person: number,
  codes: Set<string>,
  at: string,
  asOf: AsOf,
): boolean {
  if (row.birthDate > at) return false;
  const dnr = Math.floor(index.ninAt(person, asOf) / 1e10) >= 4;
  if (dnr && row.entitlement === null) return false;
  const residence = residenceKnownOn(row, at, asOf);
  if (residence === undefined || !codes.has(residence)) return false;
  let optedOut = false;
  for (const fact of row.lifeEvents ?? []) {
    if (fact[0] > at || !knownAt(fact, asOf)) continue;
    if (fact[1] === 'died' || fact[1] === 'emigrated') return false;
    optedOut = fact[1] === 'optedOut';
  }
  return !optedOut;
}

export function municipalityCapacity(readers: Readers, number: string, when: When): MunicipalityCapacity {
  const lists = searchContracts(readers, { municipality: number }, when);
  const codes = codesOf(readers, number, when.at, when.asOf);
  const { linkIndex: index, personRegister: register } = readers;
  const day = dayNumber(when.at);
  const counted = new Set<string>();
  let unassigned = 0;
  for (const code of codes) {
    for (const personId of register.everResident.get(code) ?? []) {
      // A person who lived under two of the codes is one person.
      if (codes.size > 1) {
        if (counted.has(personId)) continue;
        counted.add(personId);
      }
      const row = register.rows.get(personId);
      const person = index.personOf(personId);
      if (!row || person < 0 || (when.asOf !== undefined && row.recordedAt > when.asOf)) continue;
      if (
        entitledResidentOf(index, row, person, codes, when.at, when.asOf) &&
        linkOnDay(index, person, day, when.asOf) < 0
      )
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
