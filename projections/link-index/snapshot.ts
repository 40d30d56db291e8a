import { allSlices } from '../shared/slices';
import { BinaryReader, BinaryWriter } from '../shared/binary';
import { type LinkEnd, LinkIndex } from './model';

/** 2: person and association ids as 16-byte words (ids.ts) instead of strings. */
const FORMAT = 2;

/** The link index as snapshot bytes (the runtime writes them with the checkpoint position). */
export function encodeLinkIndex(index: LinkIndex): Buffer[] {
  const persons = index.personCount;
  const links = index.linkCount;
  const entries = index.ninEntryCount;
  const nins = index.nins.entries();
  const w = new BinaryWriter()
    .json({ format: FORMAT, persons, links, entries })
    .typed(index.personIds.ids.snapshot().words, persons * 4)
    .json(index.personIds.ids.snapshot().texts)
    .typed(index.personNin.array, persons)
    .typed(index.personRecordedAt.array, persons)
    .typed(index.firstLinkOfPerson.array, persons)
    .json([...index.ninHistory])
    .typed(nins.nins, nins.nins.length)
    .typed(nins.values, nins.values.length)
    .typed(index.ninEntryPerson.array, entries)
    .typed(index.ninEntryRecordedAt.array, entries)
    .typed(index.ninEntryUntil.array, entries)
    .typed(index.associationIds.snapshot().words, links * 4)
    .json(index.associationIds.snapshot().texts)
    .typed(index.linkPerson.array, links)
    .typed(index.linkContract.array, links)
    .typed(index.linkFrom.array, links)
    .typed(index.linkBeginReason.array, links)
    .typed(index.linkRecordedAt.array, links)
    .typed(index.linkWithdrawnAt.array, links)
    .typed(index.linkTo.array, links)
    .typed(index.linkEndReason.array, links)
    .typed(index.linkEndRecordedAt.array, links)
    .typed(index.nextLinkOfPerson.array, links)
    .json([...index.linkEnds])
    .strings(index.contracts.values)
    .strings(index.reasons.values);
  for (const list of index.linksOfContract) w.typed(Int32Array.from(list ?? []), list?.length ?? 0);
  return w.parts;
}

export function decodeLinkIndex(bytes: Buffer): LinkIndex {
  return allSlices(decodeLinkIndexInSlices(bytes));
}

/** Rows (persons, nins) decoded between two yields of `decodeLinkIndexInSlices`: a few milliseconds. */
const ROWS_PER_SLICE = 20_000;

/**
 * `decodeLinkIndex`, yielding after every `ROWS_PER_SLICE` persons or nins and after each list
 * section, so a runtime loading a rebuilt index gives its event loop a turn between slices.
 */
export function* decodeLinkIndexInSlices(bytes: Buffer): Generator<void, LinkIndex, void> {
  const r = new BinaryReader(bytes);
  const head = r.json<{ format: number; persons: number; links: number; entries: number }>();
  if (head.format !== FORMAT) throw new Error(`link-index snapshot format ${head.format} is not ${FORMAT}`);
  const index = new LinkIndex();
  index.personCount = head.persons;
  yield* index.personIds.restoreInSlices(
    head.persons,
    r.int32(),
    r.json<[number, string][]>(),
    ROWS_PER_SLICE,
  );
  index.personNin.load(r.float64(), head.persons);
  index.personRecordedAt.load(r.float64(), head.persons);
  index.firstLinkOfPerson.load(r.int32(), head.persons);
  for (const [person, history] of r.json<[number, { nin: number; recordedAt: number }[]][]>())
    index.ninHistory.set(person, history);
  yield;
  const nins = r.float64();
  const entryOfNin = r.int32();
  index.nins.reserve(nins.length);
  for (let i = 0; i < nins.length; i++) {
    index.nins.set(nins[i]!, entryOfNin[i]!, -1);
    if ((i + 1) % ROWS_PER_SLICE === 0) yield;
  }
  index.ninEntryCount = head.entries;
  index.ninEntryPerson.load(r.int32(), head.entries);
  index.ninEntryRecordedAt.load(r.float64(), head.entries);
  index.ninEntryUntil.load(r.float64(), head.entries);
  index.nins.refreshCurrent((entry) => index.personOfEntry(entry, undefined));
  index.linkCount = head.links;
  yield;
  index.associationIds.restore(head.links, r.int32(), r.json<[number, string][]>());
  yield;
  index.linkPerson.load(r.int32(), head.links);
  index.linkContract.load(r.int32(), head.links);
  index.linkFrom.load(r.int32(), head.links);
  index.linkBeginReason.load(r.uint8(), head.links);
  index.linkRecordedAt.load(r.float64(), head.links);
  index.linkWithdrawnAt.load(r.float64(), head.links);
  index.linkTo.load(r.int32(), head.links);
  index.linkEndReason.load(r.uint8(), head.links);
  index.linkEndRecordedAt.load(r.float64(), head.links);
  index.nextLinkOfPerson.load(r.int32(), head.links);
  yield;
  index.rebuildLinksNow();
  yield;
  for (const [link, ends] of r.json<[number, LinkEnd[]][]>()) index.linkEnds.set(link, ends);
  yield;
  index.contracts.load(r.strings());
  index.reasons.load(r.strings());
  for (let c = 0; c < index.contracts.values.length; c++) index.linksOfContract.push(Array.from(r.int32()));
  if (!r.done) throw new Error('link-index snapshot has trailing bytes');
  return index;
}
