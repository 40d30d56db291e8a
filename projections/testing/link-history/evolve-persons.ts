import type { PersonMoved, PersonRegistered } from '@flr/domain';
import type { ReadModelTx } from '../../shared/read-model';
import { keys, type LifeEvent, type NinDoc, type PersonDoc, type PersonInfo } from './model';
import { writePerson } from './person-codec';

export function onPersonRegistered(tx: ReadModelTx, data: PersonRegistered['data'], r: number): void {
  if (tx.get(keys.person(data.personId))) return;
  const person: PersonDoc = { id: data.personId, nin: data.nin, recordedAt: r, links: [] };
  const info: PersonInfo = {
    nins: [{ nin: data.nin, recordedAt: r }],
    kind: data.ninKind,
    birthDate: data.birthDate,
    sex: data.sex,
    entitlement: data.entitlement,
    residences: [{ from: data.registeredOn, value: data.municipality, recordedAt: r }],
    lifeEvents: [],
  };
  writePerson(tx, person);
  tx.put(keys.personInfo(data.personId), info);
  tx.put(keys.nin(data.nin), { personId: data.personId, recordedAt: r } satisfies NinDoc);
  tx.put(keys.resident(data.municipality, data.personId), 1);
}

/** R40: a move never changes the GP; it only changes where the person counts as resident. */
export function onPersonMoved(tx: ReadModelTx, data: PersonMoved['data'], r: number): void {
  const info = tx.get<PersonInfo>(keys.personInfo(data.personId));
  if (!info) return;
  const current = info.residences[info.residences.length - 1]?.value;
  info.residences.push({ from: data.movedOn, value: data.municipality, recordedAt: r });
  info.residences.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.recordedAt - b.recordedAt));
  tx.put(keys.personInfo(data.personId), info);
  // Kept for every municipality ever lived in, so capacity at a past date finds those who moved away.
  if (current !== data.municipality) tx.put(keys.resident(data.municipality, data.personId), 1);
}

/** Death, emigration and opt-out/in change entitlement (R1, R4, R38, R39); the links end by their own events. */
export function onLifeEvent(tx: ReadModelTx, personId: string, kind: LifeEvent, on: string, r: number): void {
  const info = tx.get<PersonInfo>(keys.personInfo(personId));
  if (!info) return;
  info.lifeEvents.push({ from: on, value: kind, recordedAt: r });
  tx.put(keys.personInfo(personId), info);
}
