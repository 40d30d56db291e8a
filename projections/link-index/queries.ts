import { ninValue } from '@flr/domain';
import type { AsOf } from '../shared/record-time';
import { dayNumber, dayText, OPEN_END_DAY } from './days';
import { LINK_NOW_STRIDE, LINK_NOW_WITHDRAWN, type LinkIndex } from './model';
import { touch } from './touch';

/** A link period: `from` inclusive, `to` exclusive (null = open). */
export interface Period {
  from: string;
  to: string | null;
}

/** A link as the register knew it at `asOf`: what gp-at, gp-history and the person's lists answer. */
export interface LinkView {
  associationId: string;
  contractId: string;
  period: Period;
  beginReason: string;
  endReason: string | null;
}

/**
 * Queries over the link index. The hot ones take day numbers and return link numbers, so a caller
 * answering millions of questions allocates nothing; `linkView` turns a link into the API's shape.
 */

/** The person a nin (11-digit string) denotes at `asOf`, or -1 (S45: a replaced nin stops resolving). */
export function personOfNin(index: LinkIndex, nin: string, asOf?: AsOf): number {
  const value = ninValue(nin);
  return value > 0 ? index.personOfNin(value, asOf) : -1;
}

/** The link in effect on `day` (valid time) as known at `asOf` (record time), or -1; half-open periods. */
export function linkOnDay(index: LinkIndex, person: number, day: number, asOf?: AsOf): number {
  if (asOf === undefined) return linkNowOnDay(index, person, day);
  const starts = index.linkFrom.array;
  const next = index.nextLinkOfPerson.array;
  let found = -1;
  // The chain is sorted by begin day: the last link that holds the day wins (as in link-history).
  for (let link = index.firstLinkOfPerson.array[person]!; link >= 0; link = next[link]!) {
    if (starts[link]! > day) break;
    if (index.visible(link, asOf) && day < index.toAt(link, asOf)) found = link;
  }
  return found;
}

/** `linkOnDay` as known now, from the links' `linkNow` cells (one per link walked). */
function linkNowOnDay(index: LinkIndex, person: number, day: number): number {
  const now = index.linkNow.array;
  let found = -1;
  for (let link = index.firstLinkOfPerson.array[person]!; link >= 0; ) {
    const at = link * LINK_NOW_STRIDE;
    if (now[at]! > day) break;
    if ((now[at + 3]! & LINK_NOW_WITHDRAWN) === 0 && day < now[at + 2]!) found = link;
    link = now[at + 1]!;
  }
  return found;
}

export function linkView(index: LinkIndex, link: number, asOf?: AsOf): LinkView {
  if (asOf === undefined) return linkViewNow(index, link);
  const end = index.endAt(link, asOf);
  return {
    associationId: index.associationIds.at(link),
    contractId: index.contracts.values[index.linkContract.array[link]!]!,
    period: {
      from: dayText(index.linkFrom.array[link]!),
      to: end.to === OPEN_END_DAY ? null : dayText(end.to),
    },
    beginReason: index.reasons.values[index.linkBeginReason.array[link]!]!,
    endReason: end.endReason === 0 ? null : index.reasons.values[end.endReason]!,
  };
}

/** `linkView` as known now, from the link's `linkNow` cell, its contract and its association id. */
function linkViewNow(index: LinkIndex, link: number): LinkView {
  const now = index.linkNow.array;
  const at = link * LINK_NOW_STRIDE;
  const to = now[at + 2]!;
  const flags = now[at + 3]!;
  const endReason = (flags >>> 16) & 255;
  return {
    associationId: index.associationIds.at(link),
    contractId: index.contracts.values[index.linkContract.array[link]!]!,
    period: { from: dayText(now[at]!), to: to === OPEN_END_DAY ? null : dayText(to) },
    beginReason: index.reasons.values[(flags >>> 8) & 255]!,
    endReason: endReason === 0 ? null : index.reasons.values[endReason]!,
  };
}

/** gp at a date: the link view, or undefined when the nin is unknown or has no list then. */
export function gpAt(index: LinkIndex, nin: string, date: string, asOf?: AsOf): LinkView | undefined {
  const person = personOfNin(index, nin, asOf);
  if (person < 0) return undefined;
  const link = linkOnDay(index, person, dayNumber(date), asOf);
  return link < 0 ? undefined : linkView(index, link, asOf);
}

/**
 * A batch of (nin, date) questions: the link number per item (-1: unknown nin or no list). Answered
 * in passes over the batch (nins to persons, then each person's links) rather
 * than item by item: the reads of one pass do not wait on each other, so the processor overlaps
 * their cache misses, which at national size are most of a question's time.
 */
export function gpAtBatch(
  index: LinkIndex,
  items: readonly { nin: string; at: string }[],
  asOf?: AsOf,
): Int32Array {
  const n = items.length;
  const nins = new Float64Array(n);
  for (let i = 0; i < n; i++) nins[i] = ninValue(items[i]!.nin);
  const found = new Int32Array(n);
  if (asOf !== undefined) {
    index.nins.getMany(nins, n, found);
    for (let i = 0; i < n; i++) found[i] = index.personOfEntry(found[i]!, asOf);
    for (let i = 0; i < n; i++) {
      const person = found[i]!;
      found[i] = person < 0 ? -1 : linkOnDay(index, person, dayNumber(items[i]!.at), asOf);
    }
    return found;
  }
  // As known now: the persons' link chains walked one step of every item per pass (as linkNowOnDay
  // walks one), so the cells read in a pass belong to different people; each pass first touches the
  // cells it will read (touch.ts), so their misses are in flight together.
  index.nins.currentPersons(nins, n, found);
  const first = index.firstLinkOfPerson.array;
  touch(first, found, n, 1);
  // The walk's state, by place in the walk (compacted as items finish): item, its next link, its day.
  const walking = new Int32Array(n);
  const cursor = new Int32Array(n);
  const days = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const person = found[i]!;
    found[i] = -1;
    if (person < 0) continue;
    walking[count] = i;
    cursor[count] = first[person]!;
    days[count++] = dayNumber(items[i]!.at);
  }
  const now = index.linkNow.array;
  while (count > 0) {
    touch(now, cursor, count, LINK_NOW_STRIDE);
    let still = 0;
    for (let w = 0; w < count; w++) {
      const link = cursor[w]!;
      if (link < 0) continue;
      const at = link * LINK_NOW_STRIDE;
      const day = days[w]!;
      if (now[at]! > day) continue;
      const i = walking[w]!;
      if ((now[at + 3]! & LINK_NOW_WITHDRAWN) === 0 && day < now[at + 2]!) found[i] = link;
      walking[still] = i;
      cursor[still] = now[at + 1]!;
      days[still++] = day;
    }
    count = still;
  }
  return found;
}

/**
 * gp-history: every period that took effect or is pending, oldest first; links withdrawn before they
 * took effect and empty periods (ended on their first day) are left out (API.md, §4.3).
 */
export function historyOfPerson(index: LinkIndex, person: number, asOf?: AsOf): LinkView[] {
  const out: LinkView[] = [];
  if (asOf === undefined) {
    const now = index.linkNow.array;
    for (let link = index.firstLinkOfPerson.array[person]!; link >= 0; ) {
      const at = link * LINK_NOW_STRIDE;
      if ((now[at + 3]! & LINK_NOW_WITHDRAWN) === 0 && now[at + 2]! > now[at]!)
        out.push(linkViewNow(index, link));
      link = now[at + 1]!;
    }
    return out;
  }
  const next = index.nextLinkOfPerson.array;
  for (let link = index.firstLinkOfPerson.array[person]!; link >= 0; link = next[link]!) {
    if (!index.visible(link, asOf)) continue;
    if (index.toAt(link, asOf) <= index.linkFrom.array[link]!) continue;
    out.push(linkView(index, link, asOf));
  }
  return out;
}

/** gp-history by nin; undefined when the nin is unknown at `asOf`. */
export function history(index: LinkIndex, nin: string, asOf?: AsOf): LinkView[] | undefined {
  const person = personOfNin(index, nin, asOf);
  return person < 0 ? undefined : historyOfPerson(index, person, asOf);
}

/** The current link on `date` and the pending one that will replace it (the person's lists). */
export function currentAndPendingOf(
  index: LinkIndex,
  person: number,
  date: string,
  asOf?: AsOf,
): { current: LinkView | null; pending: LinkView | null } {
  const day = dayNumber(date);
  const link = linkOnDay(index, person, day, asOf);
  const current = link < 0 ? null : linkView(index, link, asOf);
  const next = index.nextLinkOfPerson.array;
  for (let l = index.firstLinkOfPerson.array[person]!; l >= 0; l = next[l]!) {
    const from = index.linkFrom.array[l]!;
    if (from > day && index.visible(l, asOf) && index.toAt(l, asOf) > from)
      return { current, pending: linkView(index, l, asOf) };
  }
  return { current, pending: null };
}
