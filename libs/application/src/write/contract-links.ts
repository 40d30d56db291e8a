import type { BusinessDate } from '@flr/domain';
import {
  dateOf,
  dayOf,
  type GrowableColumn,
  int32Column,
  NO_DAY,
  OPEN_DAY,
  withSpare,
} from './writer-view-columns';
import { IdColumn, keyOf, type PersonIds } from './writer-view-ids';

/**
 * Occupancy of every list by date (§4.4): links that took or will take effect, so a count on the
 * effective date includes pending arrivals and leaves out pending departures.
 *
 * Stored as columns per link (person, begin and end day, association id as 16 bytes) with each
 * list's link numbers and each person's chain of links: ~36 bytes a link rather than an object,
 * three strings and a map entry. A link is found by its person and association id (every event
 * that ends or withdraws one names both; association ids are never reused, so the list a link
 * belongs to is only in the list's link numbers).
 */
export class ContractLinks {
  private count = 0;
  private readonly person: GrowableColumn<Int32Array> = int32Column();
  /** First day on the list; NO_DAY = withdrawn (§4.3: as if it never was). */
  private readonly from: GrowableColumn<Int32Array> = int32Column();
  /** Exclusive end day; OPEN_DAY = open. */
  private readonly to: GrowableColumn<Int32Array> = int32Column(OPEN_DAY);
  private readonly nextOfPerson: GrowableColumn<Int32Array> = int32Column(-1);
  private readonly associations = new IdColumn();
  /** Per person ordinal: the last link recorded for them (-1: none); chains run newest first. */
  private readonly lastOfPerson: GrowableColumn<Int32Array> = int32Column(-1);
  private readonly contractIds: string[] = [];
  private readonly contractNumbers = new Map<string, number>();
  /** Per contract number: its link numbers in the order first listed. */
  private readonly ofContract: { links: Int32Array; count: number }[] = [];

  constructor(private readonly persons: PersonIds) {}

  listed(contractId: string, associationId: string, personId: string, from: BusinessDate): void {
    const person = this.persons.intern(personId);
    const contract = this.contractNumber(contractId);
    let link = this.find(person, associationId);
    if (link < 0) {
      link = this.count++;
      this.person.reserve(link)[link] = person;
      this.associations.set(link, associationId);
      const last = this.lastOfPerson.reserve(person);
      this.nextOfPerson.reserve(link)[link] = last[person]!;
      last[person] = link;
      const list = this.ofContract[contract]!;
      if (list.count === list.links.length) {
        // A restored list is a view of its exact length (maybe none): it moves to its own array.
        const grown = new Int32Array(Math.max(16, list.links.length * 2));
        grown.set(list.links);
        list.links = grown;
      }
      list.links[list.count++] = link;
    }
    this.from.reserve(link)[link] = dayOf(from);
    this.to.reserve(link)[link] = OPEN_DAY;
  }

  unlisted(contractId: string, associationId: string, personId: string, to: BusinessDate): void {
    const link = this.linkOf(contractId, associationId, personId);
    if (link >= 0) this.to.array[link] = dayOf(to);
  }

  /** A correction took the link's end back (issue 11): it runs to `to` again (null = open). */
  reopened(contractId: string, associationId: string, personId: string, to: BusinessDate | null): void {
    const link = this.linkOf(contractId, associationId, personId);
    if (link >= 0) this.to.array[link] = to === null ? OPEN_DAY : dayOf(to);
  }

  withdrawn(contractId: string, associationId: string, personId: string): void {
    const link = this.linkOf(contractId, associationId, personId);
    if (link >= 0) this.from.array[link] = NO_DAY;
  }

  /** People on the list on `date` (half-open periods). */
  countOn(contractId: string, date: BusinessDate): number {
    return this.walk(contractId, date, null);
  }

  /**
   * The most people on the list on any day from `date` on (§4.4): a placement from `date` stays on
   * the list, so it needs room on every later day, not only the first (a list full from a later
   * 1st of the month, or a placement dated back, would otherwise go over its ceiling).
   */
  peakFrom(contractId: string, date: BusinessDate): number {
    // Later arrivals (+1) and departures (-1) by day; a link in force forever changes nothing.
    const changes: number[] = [];
    let n = this.walk(contractId, date, changes);
    if (changes.length === 0) return n;
    // Departures sort before arrivals on the same day (half-open periods: old.to == new.from).
    changes.sort((a, b) => a - b);
    let peak = n;
    for (const change of changes) {
      n += change % 2 === 1 ? 1 : -1;
      if (n > peak) peak = n;
    }
    return peak;
  }

  /**
   * The one walk of a list's links behind `countOn` and `peakFrom`: the people on it on `date`, and
   * into `later` (when given) the later changes, an arrival as `day * 2 + 1`, a departure as `day * 2`.
   */
  private walk(contractId: string, date: BusinessDate, later: number[] | null): number {
    const list = this.listOf(contractId);
    if (!list) return 0;
    const day = dayOf(date);
    const from = this.from.array;
    const to = this.to.array;
    let n = 0;
    for (let i = 0; i < list.count; i++) {
      const link = list.links[i]!;
      const begin = from[link]!;
      const end = to[link]!;
      // Withdrawn, over by `date`, or never in force (an end on or before its beginning).
      if (begin === NO_DAY || end <= day || end <= begin) continue;
      if (begin <= day) n++;
      else later?.push(begin * 2 + 1);
      if (later && end !== OPEN_DAY) later.push(end * 2);
    }
    return n;
  }

  /**
   * Person ids on the list on `date`, optionally only those not already leaving (`staying`), and not
   * those whose arrival on `date` itself is still pending on `listedBy` (an arrival before `date` is in).
   */
  membersOn(
    contractId: string,
    date: BusinessDate,
    opts: { staying?: boolean; arriving?: boolean; listedBy?: BusinessDate } = {},
  ): string[] {
    const list = this.listOf(contractId);
    if (!list) return [];
    const day = dayOf(date);
    const listedBy = opts.listedBy === undefined ? day : dayOf(opts.listedBy);
    const out = new Set<string>();
    for (let i = 0; i < list.count; i++) {
      const link = list.links[i]!;
      const begin = this.from.array[link]!;
      if (begin === NO_DAY) continue;
      const end = this.to.array[link]!;
      const on = begin <= day && day < end && (begin < day || begin <= listedBy);
      if (on && (!opts.staying || end === OPEN_DAY)) out.add(this.persons.idOf(this.person.array[link]!));
      else if (opts.arriving && begin > day) out.add(this.persons.idOf(this.person.array[link]!));
    }
    return [...out].sort();
  }

  /** Every list's links as `[associationId, personId, from, to]` (to null = open), for checks. */
  *entries(): Generator<[contractId: string, links: (string | null)[]]> {
    for (const [contract, list] of this.ofContract.entries()) {
      const flat: (string | null)[] = [];
      for (let i = 0; i < list.count; i++) {
        const link = list.links[i]!;
        const begin = this.from.array[link]!;
        if (begin === NO_DAY) continue;
        const end = this.to.array[link]!;
        flat.push(
          this.associations.get(link),
          this.persons.idOf(this.person.array[link]!),
          dateOf(begin),
          end === OPEN_DAY ? null : dateOf(end),
        );
      }
      if (flat.length > 0) yield [this.contractIds[contract]!, flat];
    }
  }

  /**
   * Every column, the chains and the lists included (views of the columns, written before they
   * change again): a restore takes them back, it does not rebuild.
   */
  snapshot() {
    const listCounts = new Int32Array(this.ofContract.map((list) => list.count));
    const lists = new Int32Array(listCounts.reduce((sum, n) => sum + n, 0));
    let at = 0;
    for (const list of this.ofContract) {
      lists.set(list.links.subarray(0, list.count), at);
      at += list.count;
    }
    return {
      count: this.count,
      person: this.person.cells(this.count),
      from: this.from.cells(this.count),
      to: this.to.cells(this.count),
      nextOfPerson: this.nextOfPerson.cells(this.count),
      lastOfPerson: this.lastOfPerson.cells(this.persons.count),
      associations: this.associations.snapshot(this.count),
      contractIds: [...this.contractIds],
      listCounts,
      lists,
    };
  }

  /** Gives back the spare room a fold from the whole log left in the columns and lists. */
  compact(): void {
    for (const column of [this.person, this.from, this.to, this.nextOfPerson]) column.trim(this.count);
    this.associations.trim(this.count);
    this.lastOfPerson.trim(this.persons.count);
    for (const list of this.ofContract) {
      const length = Math.max(16, withSpare(list.count));
      if (list.links.length > length) list.links = list.links.slice(0, length);
    }
  }

  /** Puts back a `snapshot` (into an empty instance; the persons are restored first). */
  restore(snapshot: ReturnType<ContractLinks['snapshot']>): void {
    this.count = snapshot.count;
    this.person.load(snapshot.person);
    this.from.load(snapshot.from);
    this.to.load(snapshot.to);
    this.nextOfPerson.load(snapshot.nextOfPerson);
    this.lastOfPerson.load(snapshot.lastOfPerson);
    this.associations.restore(snapshot.associations);
    const counts = snapshot.listCounts;
    const lists = snapshot.lists;
    if (counts.length !== snapshot.contractIds.length)
      throw new Error('the links snapshot has lists without ids');
    let at = 0;
    for (const [contract, contractId] of snapshot.contractIds.entries()) {
      this.contractNumber(contractId);
      const count = counts[contract]!;
      if (count < 0 || at + count > lists.length) throw new Error('the links snapshot does not add up');
      // Views into one array, as in the birth days: a list that grows moves to its own.
      const list = this.ofContract[contract]!;
      list.links = lists.subarray(at, at + count);
      list.count = count;
      at += count;
    }
    if (at !== lists.length) throw new Error('the links snapshot does not add up');
  }

  private contractNumber(contractId: string): number {
    let contract = this.contractNumbers.get(contractId);
    if (contract === undefined) {
      contract = this.contractIds.length;
      this.contractIds.push(contractId);
      this.contractNumbers.set(contractId, contract);
      this.ofContract.push({ links: new Int32Array(16), count: 0 });
    }
    return contract;
  }

  private listOf(contractId: string): { links: Int32Array; count: number } | undefined {
    const contract = this.contractNumbers.get(contractId);
    return contract === undefined ? undefined : this.ofContract[contract];
  }

  private linkOf(contractId: string, associationId: string, personId: string): number {
    const person = this.persons.find(personId);
    return person < 0 || !this.contractNumbers.has(contractId) ? -1 : this.find(person, associationId);
  }

  /** The person's link with this association id, or -1 (a person has a few links). */
  private find(person: number, associationId: string): number {
    if (person >= this.lastOfPerson.array.length) return -1;
    const key = keyOf(associationId);
    for (let link = this.lastOfPerson.array[person]!; link >= 0; link = this.nextOfPerson.array[link]!) {
      if (this.associations.holds(link, associationId, key)) return link;
    }
    return -1;
  }
}
