import type {
  PatientListed,
  PatientUnlisted,
  PendingListingWithdrawn,
  PersonNinChanged,
  PersonRegistered,
  RegisterEvent,
} from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { recordTimeOf } from '../shared/record-time';
import { dayNumber, OPEN_END_DAY } from './days';
import { type IdKey, keyOf } from './ids';
import type { LinkIndex } from './model';
import { ninNumber } from './nin-table';

/** The events the link index folds; the others only advance its checkpoint. */
export const LINK_INDEX_EVENT_TYPES = [
  'PersonRegistered',
  'PersonNinChanged',
  'PatientListed',
  'PatientUnlisted',
  'PendingListingWithdrawn',
  'PatientUnlistingAnnulled',
] as const;

/**
 * The one evolve path of the link index: a rebuild, a catch-up after a snapshot and live updates
 * all apply events through it. Same rules as the retired link-history model (testing/link-history, R17, §2.6, §4.3, S45).
 */
export function evolveLinkIndex(model: LinkIndex, recorded: RecordedEvent): void {
  const event = recorded as unknown as RegisterEvent;
  switch (event.type) {
    case 'PersonRegistered':
      onPersonRegistered(model, event.data, recordTimeOf(recorded));
      return;
    case 'PersonNinChanged':
      onNinChanged(model, event.data, recordTimeOf(recorded));
      return;
    case 'PatientListed':
      onListed(model, event.data, recordTimeOf(recorded));
      return;
    case 'PatientUnlisted':
      onUnlisted(model, event.data, recordTimeOf(recorded));
      return;
    case 'PendingListingWithdrawn':
      onWithdrawn(model, event.data, recordTimeOf(recorded));
      return;
    case 'PatientUnlistingAnnulled': {
      // A correction takes the end back: recorded as a later end (open or the earlier one), so asOf before it still sees the end.
      const to = event.data.restoredTo === null ? OPEN_END_DAY : dayNumber(event.data.restoredTo);
      endLink(model, event.data.personId, event.data.associationId, to, 0, recordTimeOf(recorded));
      return;
    }
    default:
      return;
  }
}

function onPersonRegistered(model: LinkIndex, data: PersonRegistered['data'], recordedAt: number): void {
  if (model.personIds.find(data.personId) >= 0) return;
  const nin = ninNumber(data.nin);
  const person = model.personIds.intern(data.personId);
  model.personCount = model.personIds.count;
  model.personNin.reserve(person)[person] = nin;
  model.personRecordedAt.reserve(person)[person] = recordedAt;
  model.firstLinkOfPerson.reserve(person);
  addNinEntry(model, nin, person, recordedAt);
}

function addNinEntry(model: LinkIndex, nin: number, person: number, recordedAt: number): void {
  const entry = model.ninEntryCount++;
  model.ninEntryPerson.reserve(entry)[entry] = person;
  model.ninEntryRecordedAt.reserve(entry)[entry] = recordedAt;
  model.ninEntryUntil.reserve(entry);
  model.nins.set(nin, entry, person);
}

/** R41: the history moves to the new nin; the old one stops resolving once the change is recorded. */
function onNinChanged(model: LinkIndex, data: PersonNinChanged['data'], recordedAt: number): void {
  const person = model.personOf(data.personId);
  if (person < 0) return;
  const oldNin = ninNumber(data.oldNin);
  const newNin = ninNumber(data.newNin);
  const old = model.nins.get(oldNin);
  if (old >= 0 && model.ninEntryPerson.array[old] === person) {
    model.ninEntryUntil.array[old] = recordedAt;
    model.nins.endCurrent(oldNin);
  }
  addNinEntry(model, newNin, person, recordedAt);
  const history = model.ninHistory.get(person) ?? [
    { nin: model.personNin.array[person]!, recordedAt: model.personRecordedAt.array[person]! },
  ];
  history.push({ nin: newNin, recordedAt });
  model.ninHistory.set(person, history);
  model.personNin.array[person] = newNin;
  // The lists it is on hold its nin text (`listNow`).
  const next = model.nextLinkOfPerson.array;
  for (let link = model.firstLinkOfPerson.array[person]!; link >= 0; link = next[link]!)
    model.contractChanged(model.linkContract.array[link]!);
}

function findLink(model: LinkIndex, person: number, associationId: string): number {
  const key = keyOf(associationId);
  for (
    let link = model.firstLinkOfPerson.array[person]!;
    link >= 0;
    link = model.nextLinkOfPerson.array[link]!
  )
    if (model.associationIds.holds(link, key)) return link;
  return -1;
}

/** PatientListed: a new link, pending while `from` is in the future (§4.3). */
function onListed(model: LinkIndex, data: PatientListed['data'], recordedAt: number): void {
  const person = model.personOf(data.personId);
  if (person < 0 || findLink(model, person, data.associationId) >= 0) return;
  const link = model.linkCount++;
  const from = dayNumber(data.from);
  const contract = model.contracts.code(data.contractId);
  model.associationIds.push(data.associationId);
  model.linkPerson.reserve(link)[link] = person;
  model.linkContract.reserve(link)[link] = contract;
  model.linkFrom.reserve(link)[link] = from;
  model.linkBeginReason.reserve(link)[link] = model.reasons.code(data.beginReason);
  model.linkRecordedAt.reserve(link)[link] = recordedAt;
  model.linkWithdrawnAt.reserve(link);
  model.linkTo.reserve(link);
  model.linkEndReason.reserve(link);
  model.linkEndRecordedAt.reserve(link);
  model.nextLinkOfPerson.reserve(link);
  chainIntoPerson(model, person, link, from);
  insertIntoContract(model, contract, link, from, data.associationId);
}

/** The person's chain stays sorted by begin date, then record time (links arrive in record order). */
function chainIntoPerson(model: LinkIndex, person: number, link: number, from: number): void {
  const next = model.nextLinkOfPerson.array;
  const starts = model.linkFrom.array;
  const recorded = model.linkRecordedAt.array;
  const recordedAt = recorded[link]!;
  let previous = -1;
  let current = model.firstLinkOfPerson.array[person]!;
  while (
    current >= 0 &&
    (starts[current]! < from || (starts[current] === from && recorded[current]! <= recordedAt))
  ) {
    previous = current;
    current = next[current]!;
  }
  next[link] = current;
  model.linkChanged(link);
  if (previous < 0) model.firstLinkOfPerson.array[person] = link;
  else {
    next[previous] = link;
    model.linkChanged(previous);
  }
}

/** Per contract: sorted by begin day, then association id; in a history imported in time order, an append. */
function insertIntoContract(
  model: LinkIndex,
  contract: number,
  link: number,
  from: number,
  associationId: string,
): void {
  const list = (model.linksOfContract[contract] ??= []);
  // The id is parsed only when a link of the same begin day is met (its object is most of the cost here).
  let key: IdKey | undefined;
  const starts = model.linkFrom.array;
  let at = list.length;
  while (at > 0) {
    const start = starts[list[at - 1]!]!;
    if (start < from) break;
    if (start === from) {
      key ??= keyOf(associationId);
      if (model.associationIds.compare(list[at - 1]!, key) <= 0) break;
    }
    at--;
  }
  if (at === list.length) list.push(link);
  else list.splice(at, 0, link);
  model.contractChanged(contract);
}

/** PatientUnlisted: the link ends at `to` (exclusive); a later end replaces an earlier one. */
function onUnlisted(model: LinkIndex, data: PatientUnlisted['data'], recordedAt: number): void {
  endLink(
    model,
    data.personId,
    data.associationId,
    dayNumber(data.to),
    model.reasons.code(data.endReason),
    recordedAt,
  );
}

function endLink(
  model: LinkIndex,
  personId: string,
  associationId: string,
  to: number,
  endReason: number,
  recordedAt: number,
): void {
  const person = model.personOf(personId);
  const link = person < 0 ? -1 : findLink(model, person, associationId);
  if (link < 0 || model.linkWithdrawnAt.array[link] !== Number.POSITIVE_INFINITY) return;
  const end = { recordedAt, to, endReason };
  const previous = model.linkEndRecordedAt.array[link]!;
  if (!Number.isNaN(previous)) {
    const ends = model.linkEnds.get(link) ?? [
      { recordedAt: previous, to: model.linkTo.array[link]!, endReason: model.linkEndReason.array[link]! },
    ];
    ends.push(end);
    model.linkEnds.set(link, ends);
  }
  model.linkTo.array[link] = end.to;
  model.linkEndReason.array[link] = end.endReason;
  model.linkEndRecordedAt.array[link] = recordedAt;
  model.linkChanged(link);
  model.contractChanged(model.linkContract.array[link]!);
}

/** PendingListingWithdrawn: a pending link that never took effect (§4.3); gp-history omits it. */
function onWithdrawn(model: LinkIndex, data: PendingListingWithdrawn['data'], recordedAt: number): void {
  const person = model.personOf(data.personId);
  const link = person < 0 ? -1 : findLink(model, person, data.associationId);
  if (link < 0 || model.linkWithdrawnAt.array[link] !== Number.POSITIVE_INFINITY) return;
  model.linkWithdrawnAt.array[link] = recordedAt;
  model.linkChanged(link);
  model.contractChanged(model.linkContract.array[link]!);
}
