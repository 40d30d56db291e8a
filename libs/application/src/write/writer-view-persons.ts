import { type BusinessDate, ninValue } from '@flr/domain';
import { dateOf, dayOf, float64Column, type GrowableColumn, uint8Column } from './writer-view-columns';
import { mixWords, OrdinalTable, type PersonIds } from './writer-view-ids';

/** An 11-digit nin as a number (exact in a double); null for any other text (kept as text). */
function ninNumber(nin: string): number | null {
  const value = ninValue(nin);
  return value < 0 ? null : value;
}

const ninHash = (nin: number) => mixWords((nin % 4_294_967_296) | 0, (nin / 4_294_967_296) | 0);

/**
 * nin -> person id (Map-shaped, as the writer's code reads it). A number column per person and a
 * table of 4-byte slots instead of two strings and a map entry per person; other texts in a map.
 */
export class NinIndex {
  /** The nin each person is indexed under (0: none). */
  private readonly ninOf: GrowableColumn<Float64Array> = float64Column();
  private readonly table = new OrdinalTable((person) => ninHash(this.ninOf.array[person]!));
  private readonly others = new Map<string, number>();
  /** R41: nins replaced by a newer one -> the person who held them (never given to anyone else). */
  private readonly replaced = new Map<string, number>();

  constructor(private readonly persons: PersonIds) {}

  get size(): number {
    return this.table.size + this.others.size;
  }

  get(nin: string): string | undefined {
    const person = this.personOf(nin);
    return person < 0 ? undefined : this.persons.idOf(person);
  }

  /** The ordinal of the person the nin denotes, or -1. */
  personOf(nin: string): number {
    const value = ninNumber(nin);
    if (value === null) return this.others.get(nin) ?? -1;
    return this.table.find(ninHash(value), (person) => this.ninOf.array[person] === value);
  }

  set(nin: string, personId: string): void {
    const person = this.persons.intern(personId);
    const value = ninNumber(nin);
    if (value === null) {
      this.others.set(nin, person);
      return;
    }
    const matches = (other: number) => this.ninOf.array[other] === value;
    const previous = this.ninOf.reserve(person)[person]!;
    if (previous !== 0 && previous !== value) {
      // Still indexed under another nin (never happens in a consistent log): keep that key as text.
      const old = (other: number) => other === person;
      if (this.table.remove(ninHash(previous), old))
        this.others.set(String(previous).padStart(11, '0'), person);
    }
    this.ninOf.array[person] = value;
    this.table.put(ninHash(value), person, matches);
  }

  /** R41: `nin` is replaced by a newer one; it stops resolving but stays its holder's. */
  retire(nin: string, personId: string): void {
    this.delete(nin);
    this.replaced.set(nin, this.persons.intern(personId));
  }

  /** The person who held `nin` before it was replaced, or undefined. */
  formerHolder(nin: string): string | undefined {
    const person = this.replaced.get(nin);
    return person === undefined ? undefined : this.persons.idOf(person);
  }

  delete(nin: string): boolean {
    const value = ninNumber(nin);
    if (value === null) return this.others.delete(nin);
    return this.table.remove(ninHash(value), (person) => this.ninOf.array[person] === value);
  }

  *entries(): Generator<[nin: string, personId: string]> {
    for (const person of this.table.ordinals()) {
      yield [String(this.ninOf.array[person]).padStart(11, '0'), this.persons.idOf(person)];
    }
    for (const [nin, person] of this.others) yield [nin, this.persons.idOf(person)];
  }

  [Symbol.iterator](): Generator<[nin: string, personId: string]> {
    return this.entries();
  }

  *values(): Generator<string> {
    for (const [, personId] of this.entries()) yield personId;
  }

  /** Gives back the spare room a fold from the whole log left in the nin column. */
  compact(): void {
    this.ninOf.trim(this.persons.count);
  }

  snapshot() {
    return {
      nins: this.ninOf.cells(this.persons.count),
      table: this.table.snapshot(),
      others: [...this.others],
      replaced: [...this.replaced],
    };
  }

  restore(snapshot: ReturnType<NinIndex['snapshot']>): void {
    this.ninOf.load(snapshot.nins);
    this.table.restore(snapshot.table);
    for (const [nin, person] of snapshot.others) this.others.set(nin, person);
    for (const [nin, person] of snapshot.replaced) this.replaced.set(nin, person);
  }
}

/**
 * Person ids by birth date (R12: the daily job writes to those turning 16): per birth day the
 * persons' ordinals in registration order, 4 bytes a person.
 */
export class BirthDays {
  private readonly byDay = new Map<number, { persons: Int32Array; count: number }>();

  constructor(private readonly persons: PersonIds) {}

  add(personId: string, birthDate: BusinessDate): void {
    const person = this.persons.intern(personId);
    const day = dayOf(birthDate);
    let bucket = this.byDay.get(day);
    if (!bucket) this.byDay.set(day, (bucket = { persons: new Int32Array(4), count: 0 }));
    if (bucket.count === bucket.persons.length) {
      const grown = new Int32Array(Math.max(4, bucket.count * 2));
      grown.set(bucket.persons);
      bucket.persons = grown;
    }
    bucket.persons[bucket.count++] = person;
  }

  /** Those born on `date`, in the order they were registered; undefined when none. */
  get(date: BusinessDate): string[] | undefined {
    const bucket = this.byDay.get(dayOf(date));
    if (!bucket) return undefined;
    return Array.from(bucket.persons.subarray(0, bucket.count), (person) => this.persons.idOf(person));
  }

  /** Every birth date with its persons (for checks; the daily job asks `get`). */
  *entries(): Generator<[BusinessDate, string[]]> {
    for (const day of this.byDay.keys()) yield [dateOf(day), this.get(dateOf(day))!];
  }

  [Symbol.iterator](): Generator<[BusinessDate, string[]]> {
    return this.entries();
  }

  /** Cuts each day's bucket to its persons (buckets double as they fill). */
  compact(): void {
    for (const bucket of this.byDay.values())
      if (bucket.persons.length > bucket.count) bucket.persons = bucket.persons.slice(0, bucket.count);
  }

  snapshot(): { days: Int32Array; counts: Int32Array; persons: Int32Array } {
    const days = new Int32Array(this.byDay.size);
    const counts = new Int32Array(this.byDay.size);
    let total = 0;
    for (const bucket of this.byDay.values()) total += bucket.count;
    const persons = new Int32Array(total);
    let k = 0;
    let at = 0;
    for (const [day, bucket] of this.byDay) {
      days[k] = day;
      counts[k++] = bucket.count;
      persons.set(bucket.persons.subarray(0, bucket.count), at);
      at += bucket.count;
    }
    return { days, counts, persons };
  }

  /** Takes the arrays of a `snapshot` (no copy: the caller gives them up). */
  restore(snapshot: ReturnType<BirthDays['snapshot']>): void {
    const { days, counts, persons } = snapshot;
    if (counts.length !== days.length) throw new Error('the birth days snapshot does not add up');
    let at = 0;
    for (let k = 0; k < days.length; k++) {
      const count = counts[k]!;
      if (count < 0 || at + count > persons.length)
        throw new Error('the birth days snapshot does not add up');
      // Views into one array (a bucket that grows moves to its own): no array per day to allocate.
      this.byDay.set(days[k]!, { persons: persons.subarray(at, at + count), count });
      at += count;
    }
    if (at !== persons.length) throw new Error('the birth days snapshot does not add up');
  }
}

/** A set of persons (Set-shaped), one byte per person. */
export class PersonSet {
  private readonly members: GrowableColumn<Uint8Array> = uint8Column();
  private count = 0;

  constructor(private readonly persons: PersonIds) {}

  get size(): number {
    return this.count;
  }

  has(personId: string): boolean {
    const person = this.persons.find(personId);
    return person >= 0 && this.members.array[person] === 1;
  }

  add(personId: string): this {
    const person = this.persons.intern(personId);
    const members = this.members.reserve(person);
    if (members[person] !== 1) {
      members[person] = 1;
      this.count++;
    }
    return this;
  }

  delete(personId: string): boolean {
    const person = this.persons.find(personId);
    if (person < 0 || this.members.array[person] !== 1) return false;
    this.members.array[person] = 0;
    this.count--;
    return true;
  }

  *[Symbol.iterator](): Generator<string> {
    const members = this.members.array;
    for (let person = 0; person < this.persons.count; person++) {
      if (members[person] === 1) yield this.persons.idOf(person);
    }
  }

  /** Gives back the spare room a fold from the whole log left in the column. */
  compact(): void {
    this.members.trim(this.persons.count);
  }

  snapshot(): Uint8Array {
    return this.members.cells(this.persons.count);
  }

  restore(cells: Uint8Array): void {
    const count = this.members.load(cells);
    const members = this.members.array;
    let n = 0;
    for (let person = 0; person < count; person++) n += members[person] === 1 ? 1 : 0;
    this.count = n;
  }
}
