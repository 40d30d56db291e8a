import type { LinkView } from '../link-history/queries';
import type { AsOf } from '../shared/record-time';
import { dayNumber, dayText, OPEN_END_DAY } from './days';
import type { LinkIndex } from './model';
import { ninString } from './nin-table';

/**
 * Queries over the link index. The hot ones take day numbers and return link numbers, so a caller
 * answering millions of questions allocates nothing; `linkView` turns a link into the API's shape.
 */

/** The person a nin (11-digit string) denotes at `asOf`, or -1 (S45: a replaced nin stops resolving). */
export function personOfNin(index: LinkIndex, nin: string, asOf?: AsOf): number {
  const value = Number(nin);
  return Number.isInteger(value) && value > 0 ? index.personOfNin(value, asOf) : -1;
}

/** The link in effect on `day` (valid time) as known at `asOf` (record time), or -1; half-open periods. */
export function linkOnDay(index: LinkIndex, person: number, day: number, asOf?: AsOf): number {
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

export function linkView(index: LinkIndex, link: number, asOf?: AsOf): LinkView {
  const end = index.endAt(link, asOf);
  return {
    associationId: index.associationIds[link]!,
    contractId: index.contracts.values[index.linkContract.array[link]!]!,
    period: {
      from: dayText(index.linkFrom.array[link]!),
      to: end.to === OPEN_END_DAY ? null : dayText(end.to),
    },
    beginReason: index.reasons.values[index.linkBeginReason.array[link]!]!,
    endReason: end.endReason === 0 ? null : index.reasons.values[end.endReason]!,
  };
}

/** gp at a date: the link view, or undefined when the nin is unknown or has no list then. */
export function gpAt(index: LinkIndex, nin: string, date: string, asOf?: AsOf): LinkView | undefined {
  const person = personOfNin(index, nin, asOf);
  if (person < 0) return undefined;
  const link = linkOnDay(index, person, dayNumber(date), asOf);
  return link < 0 ? undefined : linkView(index, link, asOf);
}

/** A batch of (nin, date) questions: the link number per item (-1: unknown nin or no list). */
export function gpAtBatch(
  index: LinkIndex,
  items: readonly { nin: string; at: string }[],
  asOf?: AsOf,
): Int32Array {
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const person = personOfNin(index, items[i]!.nin, asOf);
    out[i] = person < 0 ? -1 : linkOnDay(index, person, dayNumber(items[i]!.at), asOf);
  }
  return out;
}

/**
 * gp-history: every period that took effect or is pending, oldest first; links withdrawn before they
 * took effect and empty periods (ended on their first day) are left out (API.md, §4.3).
 */
export function historyOfPerson(index: LinkIndex, person: number, asOf?: AsOf): LinkView[] {
  const out: LinkView[] = [];
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

export interface ListEntry {
  nin: string;
  period: { from: string; to: string | null };
}

/**
 * Patients of a list on `date`, paged: the contract's links are sorted by begin day, so the scan
 * stops at the first link begun after the date. `after` resumes after a (begin day, association id).
 */
export function listAt(
  index: LinkIndex,
  contractId: string,
  date: string,
  opts: { limit?: number; asOf?: AsOf; after?: ListCursor | null } = {},
): { items: ListEntry[]; next: ListCursor | null } {
  const contract = index.contracts.find(contractId);
  const links = contract === undefined ? undefined : index.linksOfContract[contract];
  const items: ListEntry[] = [];
  if (!links) return { items, next: null };
  const day = dayNumber(date);
  const limit = opts.limit ?? Number.MAX_SAFE_INTEGER;
  const { asOf } = opts;
  const starts = index.linkFrom.array;
  const people = index.linkPerson.array;
  for (let i = opts.after ? firstAfter(index, links, opts.after) : 0; i < links.length; i++) {
    const link = links[i]!;
    const from = starts[link]!;
    if (from > day) break;
    if (!index.visible(link, asOf)) continue;
    const to = index.toAt(link, asOf);
    if (day >= to) continue;
    if (items.length === limit) {
      const previous = links[i - 1]!;
      return { items, next: { from: starts[previous]!, associationId: index.associationIds[previous]! } };
    }
    items.push({
      nin: ninString(index.ninAt(people[link]!, asOf)),
      period: { from: dayText(from), to: to === OPEN_END_DAY ? null : dayText(to) },
    });
  }
  return { items, next: null };
}

/** Number of patients on a list on `date` (as known at `asOf`). */
export function listSizeAt(index: LinkIndex, contractId: string, date: string, asOf?: AsOf): number {
  const contract = index.contracts.find(contractId);
  const links = contract === undefined ? undefined : index.linksOfContract[contract];
  if (!links) return 0;
  const day = dayNumber(date);
  let count = 0;
  for (const link of links) {
    if (index.linkFrom.array[link]! > day) break;
    if (index.visible(link, asOf) && day < index.toAt(link, asOf)) count++;
  }
  return count;
}

/** Where a page ended: the last link scanned, by its place in the contract's sort order. */
export interface ListCursor {
  readonly from: number;
  readonly associationId: string;
}

function firstAfter(index: LinkIndex, links: readonly number[], after: ListCursor): number {
  let low = 0;
  let high = links.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const link = links[middle]!;
    const from = index.linkFrom.array[link]!;
    const ahead =
      from > after.from || (from === after.from && index.associationIds[link]! > after.associationId);
    if (ahead) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.from, cursor.associationId])).toString('base64url');
}

export function decodeListCursor(raw: string): ListCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [from, associationId] = value as unknown[];
    return Number.isInteger(from) && typeof associationId === 'string'
      ? { from: from as number, associationId }
      : null;
  } catch {
    return null;
  }
}

/** Patients of a list on a day as parallel columns (reused between calls to allocate nothing). */
export class ListColumns {
  count = 0;
  nins = new Float64Array(4096);
  from = new Int32Array(4096);
  /** Exclusive end day; OPEN_END_DAY = open. */
  to = new Int32Array(4096);

  push(nin: number, from: number, to: number): void {
    if (this.count === this.nins.length) {
      const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.nins = grow(this.nins, (n) => new Float64Array(n));
      this.from = grow(this.from, (n) => new Int32Array(n));
      this.to = grow(this.to, (n) => new Int32Array(n));
    }
    this.nins[this.count] = nin;
    this.from[this.count] = from;
    this.to[this.count++] = to;
  }
}

/**
 * Patients of a list on a day, whole, into columns: nins as numbers, periods as day numbers. For
 * callers that answer in bulk (analysts, benchmarks); `listAt` gives the same rows as objects.
 */
export function listColumnsAt(
  index: LinkIndex,
  contractId: string,
  day: number,
  asOf: AsOf,
  into: ListColumns = new ListColumns(),
): ListColumns {
  into.count = 0;
  const contract = index.contracts.find(contractId);
  const links = contract === undefined ? undefined : index.linksOfContract[contract];
  if (!links) return into;
  const starts = index.linkFrom.array;
  const people = index.linkPerson.array;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const from = starts[link]!;
    if (from > day) break;
    if (!index.visible(link, asOf)) continue;
    const to = index.toAt(link, asOf);
    if (day < to) into.push(index.ninAt(people[link]!, asOf), from, to);
  }
  return into;
}
