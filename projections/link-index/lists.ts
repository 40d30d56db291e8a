import type { AsOf } from '../shared/record-time';
import { dayNumber, dayText, OPEN_END_DAY } from './days';
import { keyOf } from './ids';
import type { LinkIndex } from './model';
import { ninString } from './nin-table';

/** Patients of a list at a date from the link index: the contract's links sorted by begin date. */
export interface ListEntry {
  nin: string;
  period: { from: string; to: string | null };
}

/**
 * Patients of a list on `date`, paged: the contract's links are sorted by begin day, so the scan
 * stops at the first link begun after the date. `after` resumes after a (begin day, association id).
 * Asked about now (no `asOf`), it reads the contract's current links laid out side by side
 * (`listNow`) and skips each block of them that had all ended by the date: a list since 2001 holds
 * about as many ended links as current ones.
 */
export function listAt(
  index: LinkIndex,
  contractId: string,
  date: string,
  opts: { limit?: number; asOf?: AsOf; after?: ListCursor | null } = {},
): { items: ListEntry[]; next: ListCursor | null } {
  const contract = index.contracts.find(contractId);
  const links = contract === undefined ? undefined : index.linksOfContract[contract];
  if (contract === undefined || !links) return { items: [], next: null };
  const day = dayNumber(date);
  const limit = opts.limit ?? Number.MAX_SAFE_INTEGER;
  const { asOf } = opts;
  if (asOf === undefined) return listNowAt(index, listNow(index, contract, links), day, limit, opts.after);
  const items: ListEntry[] = [];
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
      return { items, next: { from: starts[previous]!, associationId: index.associationIds.at(previous) } };
    }
    items.push({
      nin: ninString(index.ninAt(people[link]!, asOf)),
      period: { from: dayText(from), to: to === OPEN_END_DAY ? null : dayText(to) },
    });
  }
  return { items, next: null };
}

function listNowAt(
  index: LinkIndex,
  now: ListNow,
  day: number,
  limit: number,
  after: ListCursor | null | undefined,
): { items: ListEntry[]; next: ListCursor | null } {
  const items: ListEntry[] = [];
  const { links, from: starts, to: ends, nins, latestEnd } = now;
  for (let i = after ? firstAfter(index, links, after) : 0; i < links.length; i++) {
    const from = starts[i]!;
    if (from > day) break;
    if (i % LIST_BLOCK === 0 && latestEnd[i / LIST_BLOCK]! <= day) {
      i += LIST_BLOCK - 1;
      continue;
    }
    const to = ends[i]!;
    if (day >= to) continue;
    if (items.length === limit) {
      const previous = links[i - 1]!;
      return { items, next: { from: starts[i - 1]!, associationId: index.associationIds.at(previous) } };
    }
    items.push({
      nin: nins[i]!,
      period: { from: dayText(from), to: to === OPEN_END_DAY ? null : dayText(to) },
    });
  }
  return { items, next: null };
}

/** Links per block of a contract's `listNow`. */
const LIST_BLOCK = 32;

/**
 * A contract's links as known now (withdrawn links left out), in the contract's order, with their
 * begin and end days and their persons' current nins side by side (a scan reads memory in order
 * instead of a random place in the index's columns per link: the nin texts are made together, so
 * they lie together), and the latest end day of each block of LIST_BLOCK of them: no link of a
 * block whose latest end is at or before a day is on the list that day. Rebuilt on the first
 * question after a change to the contract's links or a nin change of one of its patients
 * (`contractChanged`), never stored in a snapshot.
 */
export interface ListNow {
  readonly change: number;
  readonly links: Int32Array;
  readonly from: Int32Array;
  /** Exclusive end day; OPEN_END_DAY = open. */
  readonly to: Int32Array;
  /** The person's nin text as known now. */
  readonly nins: string[];
  readonly latestEnd: Int32Array;
}

function listNow(index: LinkIndex, contract: number, links: readonly number[]): ListNow {
  const change = index.contractChanges[contract] ?? 0;
  const cached = index.listNow[contract];
  if (cached !== undefined && cached.change === change) return cached;
  let count = 0;
  for (const link of links) if (index.visible(link, undefined)) count++;
  const now = {
    change,
    links: new Int32Array(count),
    from: new Int32Array(count),
    to: new Int32Array(count),
    nins: new Array<string>(count),
    latestEnd: new Int32Array(Math.ceil(count / LIST_BLOCK)).fill(-0x80000000),
  };
  let i = 0;
  for (const link of links) {
    if (!index.visible(link, undefined)) continue;
    const to = index.linkTo.array[link]!;
    now.links[i] = link;
    now.from[i] = index.linkFrom.array[link]!;
    now.to[i] = to;
    now.nins[i] = ninString(index.personNin.array[index.linkPerson.array[link]!]!);
    const block = (i / LIST_BLOCK) | 0;
    if (to > now.latestEnd[block]!) now.latestEnd[block] = to;
    i++;
  }
  index.listNow[contract] = now;
  return now;
}

/**
 * Number of patients on a list on `date` (as known at `asOf`). About now (no `asOf`) it is one
 * binary search in the contract's `listSizes`; as known at `asOf`, a scan of the links begun by then.
 */
export function listSizeAt(index: LinkIndex, contractId: string, date: string, asOf?: AsOf): number {
  const contract = index.contracts.find(contractId);
  const links = contract === undefined ? undefined : index.linksOfContract[contract];
  if (contract === undefined || !links) return 0;
  const day = dayNumber(date);
  if (asOf === undefined) return sizeOnDay(listSizes(index, contract, links), day);
  let count = 0;
  for (const link of links) {
    if (index.linkFrom.array[link]! > day) break;
    if (index.visible(link, asOf) && day < index.toAt(link, asOf)) count++;
  }
  return count;
}

/** The size from the last change on or before `day` (0 before the first link began). */
function sizeOnDay(sizes: { days: Int32Array; sizes: Int32Array }, day: number): number {
  let low = 0;
  let high = sizes.days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sizes.days[middle]! <= day) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : sizes.sizes[low - 1]!;
}

/**
 * The contract's list size over time as known now: the days a link of it begins or ends (sorted,
 * each once) and the size from each of those days on. Withdrawn and empty links count nowhere.
 * Derived from the columns on the first question after a change to the contract's links, never
 * stored in a snapshot.
 */
function listSizes(
  index: LinkIndex,
  contract: number,
  links: readonly number[],
): { days: Int32Array; sizes: Int32Array } {
  const change = index.contractChanges[contract] ?? 0;
  const cached = index.listSizes[contract];
  if (cached !== undefined && cached.change === change) return cached;
  const begins = new Int32Array(links.length);
  const ends = new Int32Array(links.length);
  let beginCount = 0;
  let endCount = 0;
  for (const link of links) {
    if (!index.visible(link, undefined)) continue;
    const from = index.linkFrom.array[link]!;
    const to = index.linkTo.array[link]!;
    if (to <= from) continue;
    begins[beginCount++] = from;
    if (to !== OPEN_END_DAY) ends[endCount++] = to;
  }
  const sortedBegins = begins.subarray(0, beginCount).sort();
  const sortedEnds = ends.subarray(0, endCount).sort();
  const days = new Int32Array(beginCount + endCount);
  const sizes = new Int32Array(beginCount + endCount);
  let changes = 0;
  let size = 0;
  for (let b = 0, e = 0; b < beginCount || e < endCount; ) {
    const day =
      e === endCount || (b < beginCount && sortedBegins[b]! <= sortedEnds[e]!)
        ? sortedBegins[b]!
        : sortedEnds[e]!;
    while (b < beginCount && sortedBegins[b] === day) {
      size++;
      b++;
    }
    while (e < endCount && sortedEnds[e] === day) {
      size--;
      e++;
    }
    days[changes] = day;
    sizes[changes++] = size;
  }
  const built = { change, days: days.slice(0, changes), sizes: sizes.slice(0, changes) };
  index.listSizes[contract] = built;
  return built;
}

/** Where a page ended: the last link scanned, by its place in the contract's sort order. */
export interface ListCursor {
  readonly from: number;
  readonly associationId: string;
}

function firstAfter(index: LinkIndex, links: ArrayLike<number>, after: ListCursor): number {
  const key = keyOf(after.associationId);
  let low = 0;
  let high = links.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const link = links[middle]!;
    const from = index.linkFrom.array[link]!;
    const ahead = from > after.from || (from === after.from && index.associationIds.compare(link, key) > 0);
    if (ahead) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The cursor names its list, so it cannot page another one. */
export function encodeListCursor(cursor: ListCursor, contractId: string): string {
  return Buffer.from(JSON.stringify([cursor.from, cursor.associationId, contractId])).toString('base64url');
}

/** The cursor, or null when it is no cursor or one of another list than `contractId`. */
export function decodeListCursor(raw: string, contractId: string): ListCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [from, associationId, list] = value as unknown[];
    return Number.isInteger(from) && typeof associationId === 'string' && list === contractId
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
