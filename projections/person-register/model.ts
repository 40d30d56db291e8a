import type { Entitlement, FactAnnulled, PersonEvent, RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { Unpackr } from 'msgpackr';
import {
  Column,
  float64Column,
  Interner,
  int32Column,
  type NumberArray,
  ownedString,
  uint8Column,
} from '../link-index/columns';
import { dayNumber, dayText } from '../link-index/days';
import { IdTable } from '../link-index/ids';
import { ninString } from '../link-index/nin-table';
import { BinaryReader, BinaryWriter } from '../shared/binary';
import { nationalSuccessor } from '../shared/municipality-code';
import { recordTimeOf } from '../shared/record-time';
import { allSlices } from '../shared/slices';

/**
 * What the register knows now about one person, for the administrators' person search and the
 * household/children questions of the person view (one row per person; dated details come from
 * the person's own stream when one person is shown).
 */
export interface PersonRow {
  readonly personId: string;
  nin: string;
  readonly birthDate: string;
  ninKind: 'FNR' | 'DNR';
  readonly parentIds: readonly string[];
  readonly entitlement: Entitlement | null;
  municipality: string;
  /** [from, municipality] per residence, oldest first (moves between municipalities). */
  residences: [string, string][];
  /** The day the person stopped being resident (death, emigration); null while resident. */
  leftOn: string | null;
  householdId: string | null;
  status: 'resident' | 'dead' | 'emigrated';
  optedOut: boolean;
  waiting: { contractId: string; joinedAt: string } | null;
  /** Since when (business date) the person stands without a list as far as this model knows: set on registration, move in, opt in. */
  readonly registeredOn: string;
  /** Record time (epoch ms) of the registration. */
  readonly recordedAt: number;
  /**
   * Every move as recorded in log order (absent: none): the residence on a date as known at `asOf`
   * (`residenceKnownOn`), which `residences` cannot say.
   */
  moves?: RecordedFact<string>[];
  /** Deaths, emigrations, opt-outs and opt-ins as recorded, in log order (absent: none). */
  lifeEvents?: RecordedFact<LifeEvent>[];
}

/**
 * A dated fact with its record time: `[on, value, recordedAt]`, and `annulledAt` once a correction
 * (FactAnnulled, issue 11) annulled it: from that record time on, it never happened.
 */
export type RecordedFact<T> = [on: string, value: T, recordedAt: number, annulledAt?: number];

/** Whether a recorded fact was known at `asOf` (undefined: now) and not yet annulled then. */
export function knownAt(fact: RecordedFact<unknown>, asOf: number | undefined): boolean {
  const annulledAt = fact[3];
  if (asOf === undefined) return annulledAt === undefined;
  return fact[2] <= asOf && (annulledAt === undefined || annulledAt > asOf);
}

export type LifeEvent = 'died' | 'emigrated' | 'optedOut' | 'optedIn';

export const PERSON_REGISTER_EVENT_TYPES = [
  'PersonRegistered',
  'PersonMoved',
  'PersonDied',
  'PersonEmigrated',
  'PersonOptedOut',
  'PersonOptedIn',
  'PersonNinChanged',
  'WaitingListJoined',
  'WaitingListLeft',
  'FactAnnulled',
  'MunicipalityRenumbered',
  'MunicipalityRenumberingAnnulled',
] as const;

/** No entry (household, parent, chain end). */
const NONE = -1;
/** No day: `leftOn` null. Below every day number and every odd date's code. */
const NO_DAY = -2147483648;
/** A date that is not a `YYYY-MM-DD` day (never in the register's data) is kept as text: code ODD_DATE - n. */
const ODD_DATE = -1_000_000;

const STATUS = 3;
const OPTED_OUT = 4;
const DNR = 8;
/** A row read from an old snapshot without any residence. */
const NO_RESIDENCE = 16;
const STATUSES = ['resident', 'dead', 'emigrated'] as const;
const LIFE_EVENTS: readonly LifeEvent[] = ['died', 'emigrated', 'optedOut', 'optedIn'];

/** The parents of a person registered without any (most of the register): one shared empty list. */
const NO_PARENTS: readonly string[] = Object.freeze([]);

/**
 * The persons of the register in columns (issue 10): one number per person in registration order
 * (ids as 16-byte words, ids.ts), one typed array per field, and chains of entries for what a person
 * has several of (residences, moves, life events, household members, children). At the country's
 * 9 M persons that is flat memory the garbage collector never walks, where one object graph per
 * person cost about 850 bytes and most of a rebuild's collection time. Rows are made when asked for
 * (`rows.get`, `rows.values`): a `PersonRow` is a copy, never the register's state.
 */
export class PersonRegister {
  /** old municipality number -> { newNumber, effectiveFrom } (§1.8: a code change, never a move). */
  readonly renumbered = new Map<string, { newNumber: string; effectiveFrom: string }>();
  /** Persons by id, in registration order. */
  readonly rows: PersonRows = new PersonRows(this);
  /** Members of a household now, in the order they joined it; an emptied household is not listed. */
  readonly householdMembers: HouseholdMembers = new HouseholdMembers(this);
  /** A parent's children, in registration order. */
  readonly childrenOf: ChildrenOf = new ChildrenOf(this);
  /**
   * Per municipality number, the persons who have lived there by any recorded registration or move
   * (capacity at a past date finds those who moved away).
   */
  readonly everResident: EverResident = new EverResident(this);

  /** @internal Person numbers: registration order. */
  readonly persons = new IdTable();
  /** @internal Municipality numbers, dates that are not days, entitlements: as small numbers. */
  readonly codes = new Interner();
  private readonly oddDates = new Interner();
  private readonly entitlementCodes = new Interner();
  private readonly nin = float64Column();
  private readonly ninTexts = new Map<number, string>();
  private readonly birth = int32Column();
  private readonly registered = int32Column();
  private readonly recorded = float64Column();
  /** @internal The municipality code now. */
  readonly municipality = int32Column();
  private readonly firstFrom = int32Column();
  private readonly firstCode = int32Column();
  private readonly left = int32Column(NO_DAY);
  private readonly flags = uint8Column();
  /** 0: none; otherwise the entitlement's code + 1. */
  private readonly entitlement = uint8Column();
  private readonly parentA = int32Column(NONE);
  private readonly parentB = int32Column(NONE);
  /** Parent ids of a person with a parent not registered before them, or more than two. */
  private readonly otherParents = new Map<number, readonly string[]>();
  private readonly waiting = new Map<number, { contractId: string; joinedAt: string }>();
  /** Later residences (moves to another municipality), newest first: from, code, previous. */
  private readonly lastResidence = int32Column(NONE);
  private readonly residences = new Chain();
  private readonly residenceFrom = int32Column();
  private readonly residenceCode = int32Column();
  /** Moves as recorded, newest first: on, code, record time, annulment time (NaN: none). */
  private readonly lastMove = int32Column(NONE);
  private readonly moves = new FactChain(int32Column());
  /** Deaths, emigrations, opt-outs and opt-ins as recorded, newest first. */
  private readonly lastLife = int32Column(NONE);
  private readonly lives = new FactChain(uint8Column());
  /** Households: the current one per person, and each household's members as a chain through the persons. */
  private readonly householdIds = new IdTable();
  private readonly household = int32Column(NONE);
  private readonly nextInHousehold = int32Column(NONE);
  private readonly householdFirst = int32Column(NONE);
  private readonly householdLast = int32Column(NONE);
  /** Children of registered parents, oldest first: child, next. */
  private readonly firstChild = int32Column(NONE);
  private readonly lastChild = int32Column(NONE);
  private readonly children = new Chain();
  private readonly childPerson = int32Column();
  /** Children of a parent id not registered when they were (by the parent's id). */
  private readonly childrenByText = new Map<string, string[]>();
  /** @internal Per municipality number, the person numbers who ever lived there. */
  readonly everResidentOf = new Map<string, number[]>();
  /**
   * Everything kept per person number, in the snapshot's order (format 4): a column per field, and
   * the few maps of what does not fit one. Registering a person makes room in every column; the
   * snapshot writes and reads them in this order.
   */
  private readonly perPerson: readonly PerPerson[] = [
    this.nin,
    this.ninTexts,
    this.birth,
    this.registered,
    this.recorded,
    this.municipality,
    this.firstFrom,
    this.firstCode,
    this.left,
    this.flags,
    this.entitlement,
    this.parentA,
    this.parentB,
    this.otherParents,
    this.waiting,
    this.lastResidence,
    this.lastMove,
    this.lastLife,
    this.household,
    this.nextInHousehold,
    this.firstChild,
    this.lastChild,
  ];

  get size(): number {
    return this.persons.count;
  }

  /** The number a municipality code stands for on `date` after every renumbering in force then. */
  canonical(number: string, date: string): string {
    let current = number;
    for (let hops = 0; hops < 10; hops++) {
      const next = this.successorOf(current);
      if (!next || next.effectiveFrom > date) break;
      current = next.newNumber;
    }
    return current;
  }

  /** §1.8: the renumbering recorded in the log for `number`, else its one successor in the national code history. */
  successorOf(number: string): { newNumber: string; effectiveFrom: string } | null {
    return this.renumbered.get(number) ?? nationalSuccessor(number);
  }

  evolve(recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    if (event.type === 'MunicipalityRenumbered') {
      const d = event.data;
      this.renumbered.set(d.oldNumber, { newNumber: d.newNumber, effectiveFrom: d.effectiveFrom });
      return;
    }
    if (event.type === 'MunicipalityRenumberingAnnulled') {
      // Issue 11: the renumbering never happened (this model answers as the register knows it now).
      if (this.renumbered.get(event.data.oldNumber)?.newNumber === event.data.newNumber)
        this.renumbered.delete(event.data.oldNumber);
      return;
    }
    if (event.type === 'PersonRegistered') {
      const d = event.data;
      if (this.persons.find(d.personId) >= 0) return;
      const p = this.register(
        d.personId,
        d.nin,
        d.ninKind === 'DNR',
        d.birthDate,
        d.registeredOn,
        recordTimeOf(recorded),
      );
      this.setEntitlement(p, d.entitlement);
      this.municipality.array[p] = this.codes.code(d.municipality);
      this.firstFrom.array[p] = this.dateCode(d.registeredOn);
      this.firstCode.array[p] = this.municipality.array[p]!;
      this.setParents(p, d.parentIds);
      this.join(p, d.householdId);
      this.addResident(d.municipality, p);
      return;
    }
    const personEvent = event as PersonEvent;
    const personId = (personEvent.data as { personId?: string }).personId;
    const p = personId === undefined ? -1 : this.persons.find(personId);
    if (p < 0) return;
    this.record(p, personEvent, recordTimeOf(recorded));
    this.apply(p, personEvent);
  }

  /** A row read from an older snapshot (rows, not columns), with what is derived from it. */
  addRow(row: PersonRow): void {
    const p = this.register(
      row.personId,
      row.nin,
      row.ninKind === 'DNR',
      row.birthDate,
      row.registeredOn,
      row.recordedAt,
    );
    this.setEntitlement(p, row.entitlement);
    this.municipality.array[p] = this.codes.code(row.municipality);
    const [first, ...later] = row.residences;
    if (first === undefined) this.flags.array[p]! |= NO_RESIDENCE;
    else {
      this.firstFrom.array[p] = this.dateCode(first[0]);
      this.firstCode.array[p] = this.codes.code(first[1]);
    }
    for (const [from, number] of later) this.pushResidence(p, from, number);
    this.left.array[p] = row.leftOn === null ? NO_DAY : this.dateCode(row.leftOn);
    this.setStatus(p, row.status);
    if (row.optedOut) this.flags.array[p]! |= OPTED_OUT;
    if (row.waiting)
      this.waiting.set(p, {
        contractId: ownedString(row.waiting.contractId),
        joinedAt: ownedString(row.waiting.joinedAt),
      });
    for (const [on, number, recordedAt, annulledAt] of row.moves ?? [])
      this.pushMove(p, on, number, recordedAt, annulledAt);
    for (const [on, kind, recordedAt, annulledAt] of row.lifeEvents ?? [])
      this.pushLife(p, on, kind, recordedAt, annulledAt);
    this.setParents(p, row.parentIds);
    this.join(p, row.householdId);
    const lived = new Set([row.residences[0]?.[1] ?? row.municipality]);
    for (const [, number] of row.moves ?? []) lived.add(number);
    for (const number of lived) this.addResident(number, p);
  }

  /** The row of person number `p` as the register knows it now (a copy). */
  rowAt(p: number): PersonRow {
    const flags = this.flags.array[p]!;
    const left = this.left.array[p]!;
    const h = this.household.array[p]!;
    const entitlement = this.entitlement.array[p]!;
    const waiting = this.waiting.get(p);
    const row: PersonRow = {
      personId: this.persons.at(p),
      nin: this.ninText(p),
      birthDate: this.dateText(this.birth.array[p]!),
      ninKind: flags & DNR ? 'DNR' : 'FNR',
      parentIds: this.parentsOf(p),
      entitlement: entitlement === 0 ? null : (this.entitlementCodes.values[entitlement - 1] as Entitlement),
      municipality: this.codes.values[this.municipality.array[p]!]!,
      residences: this.residencesOf(p),
      leftOn: left === NO_DAY ? null : this.dateText(left),
      householdId: h === NONE ? null : this.householdIds.at(h),
      status: STATUSES[flags & STATUS]!,
      optedOut: (flags & OPTED_OUT) !== 0,
      waiting: waiting ? { ...waiting } : null,
      registeredOn: this.dateText(this.registered.array[p]!),
      recordedAt: this.recorded.array[p]!,
    };
    const moves = this.movesOf(p);
    if (moves.length > 0) row.moves = moves;
    const lifeEvents = this.lifeEventsOf(p);
    if (lifeEvents.length > 0) row.lifeEvents = lifeEvents;
    return row;
  }

  /** @internal The person numbers of a household's members, in the order they joined. */
  membersOf(h: number): number[] {
    const out: number[] = [];
    for (let p = this.householdFirst.array[h]!; p !== NONE; p = this.nextInHousehold.array[p]!) out.push(p);
    return out;
  }

  /** @internal The household number of `householdId`, or -1. */
  householdOf(householdId: string): number {
    return this.householdIds.find(householdId);
  }

  /** @internal A parent's children (ids), in registration order. */
  childIdsOf(parentId: string): string[] {
    const out = [...(this.childrenByText.get(parentId) ?? [])];
    const parent = this.persons.find(parentId);
    if (parent >= 0)
      for (let c = this.firstChild.array[parent]!; c !== NONE; c = this.children.next.array[c]!)
        out.push(this.persons.at(this.childPerson.array[c]!));
    return out;
  }

  private register(
    personId: string,
    nin: string,
    dnr: boolean,
    birthDate: string,
    registeredOn: string,
    recordedAt: number,
  ): number {
    const p = this.persons.intern(personId);
    for (const part of this.perPerson) if (part instanceof Column) part.reserve(p);
    const number = /^\d{11}$/.test(nin) ? Number(nin) : 0;
    if (number > 0) this.nin.array[p] = number;
    else this.ninTexts.set(p, ownedString(nin));
    if (dnr) this.flags.array[p]! |= DNR;
    this.birth.array[p] = this.dateCode(birthDate);
    this.registered.array[p] = this.dateCode(registeredOn);
    this.recorded.array[p] = recordedAt;
    return p;
  }

  private ninText(p: number): string {
    return this.ninTexts.get(p) ?? ninString(this.nin.array[p]!);
  }

  private setNin(p: number, nin: string): void {
    const number = /^\d{11}$/.test(nin) ? Number(nin) : 0;
    if (number > 0) {
      this.nin.array[p] = number;
      this.ninTexts.delete(p);
    } else this.ninTexts.set(p, ownedString(nin));
    if (Number(nin[0]) >= 4) this.flags.array[p]! |= DNR;
    else this.flags.array[p]! &= ~DNR;
  }

  private setEntitlement(p: number, entitlement: Entitlement | null): void {
    this.entitlement.array[p] = entitlement === null ? 0 : this.entitlementCodes.code(entitlement) + 1;
  }

  private setStatus(p: number, status: PersonRow['status']): void {
    this.flags.array[p] = (this.flags.array[p]! & ~STATUS) | STATUSES.indexOf(status);
  }

  /** A business date as a day number; any other text (never in the register's data) as a code of its own. */
  private dateCode(date: string): number {
    const day = dayNumber(date);
    if (Number.isInteger(day) && dayText(day) === date) return day;
    return ODD_DATE - this.oddDates.code(date);
  }

  private dateText(code: number): string {
    return code <= ODD_DATE ? this.oddDates.values[ODD_DATE - code]! : dayText(code);
  }

  private setParents(p: number, parentIds: readonly string[]): void {
    const numbers = parentIds.map((id) => this.persons.find(id));
    if (parentIds.length <= 2 && numbers.every((n) => n >= 0)) {
      this.parentA.array[p] = numbers[0] ?? NONE;
      this.parentB.array[p] = numbers[1] ?? NONE;
    } else if (parentIds.length > 0) this.otherParents.set(p, parentIds.map(ownedString));
    parentIds.forEach((id, i) => {
      const parent = numbers[i]!;
      if (parent < 0) {
        const known = this.childrenByText.get(id);
        const child = this.persons.at(p);
        if (known) known.push(child);
        else this.childrenByText.set(ownedString(id), [child]);
        return;
      }
      const c = this.children.add();
      this.childPerson.reserve(c)[c] = p;
      const last = this.lastChild.array[parent]!;
      if (last === NONE) this.firstChild.array[parent] = c;
      else this.children.next.array[last] = c;
      this.lastChild.array[parent] = c;
    });
  }

  private parentsOf(p: number): readonly string[] {
    const other = this.otherParents.get(p);
    if (other) return [...other];
    const a = this.parentA.array[p]!;
    if (a === NONE) return NO_PARENTS;
    const b = this.parentB.array[p]!;
    return b === NONE ? [this.persons.at(a)] : [this.persons.at(a), this.persons.at(b)];
  }

  private residencesOf(p: number): [string, string][] {
    if (this.flags.array[p]! & NO_RESIDENCE) return [];
    const later: [string, string][] = [];
    for (let r = this.lastResidence.array[p]!; r !== NONE; r = this.residences.next.array[r]!)
      later.push([
        this.dateText(this.residenceFrom.array[r]!),
        this.codes.values[this.residenceCode.array[r]!]!,
      ]);
    later.push([this.dateText(this.firstFrom.array[p]!), this.codes.values[this.firstCode.array[p]!]!]);
    return later.reverse();
  }

  private movesOf(p: number): RecordedFact<string>[] {
    return this.moves.facts(
      this.lastMove.array[p]!,
      (on) => this.dateText(on),
      (code) => this.codes.values[code]!,
    );
  }

  private lifeEventsOf(p: number): RecordedFact<LifeEvent>[] {
    return this.lives.facts(
      this.lastLife.array[p]!,
      (on) => this.dateText(on),
      (kind) => LIFE_EVENTS[kind]!,
    );
  }

  private pushResidence(p: number, from: string, number: string): void {
    const r = this.residences.add(this.lastResidence.array[p]!);
    this.residenceFrom.reserve(r)[r] = this.dateCode(from);
    this.residenceCode.reserve(r)[r] = this.codes.code(number);
    this.lastResidence.array[p] = r;
  }

  private pushMove(p: number, on: string, number: string, recordedAt: number, annulledAt?: number): void {
    const head = this.lastMove.array[p]!;
    this.lastMove.array[p] = this.moves.push(
      head,
      this.dateCode(on),
      this.codes.code(number),
      recordedAt,
      annulledAt,
    );
  }

  private pushLife(p: number, on: string, kind: LifeEvent, recordedAt: number, annulledAt?: number): void {
    const head = this.lastLife.array[p]!;
    this.lastLife.array[p] = this.lives.push(
      head,
      this.dateCode(on),
      LIFE_EVENTS.indexOf(kind),
      recordedAt,
      annulledAt,
    );
  }

  private addResident(municipality: string, p: number): void {
    const persons = this.everResidentOf.get(municipality);
    if (persons) persons.push(p);
    else this.everResidentOf.set(ownedString(municipality), [p]);
  }

  /** Adds the person to the municipality's residents unless an earlier residence put them there. */
  private residentIn(p: number, municipality: string): void {
    const code = this.codes.code(municipality);
    if (!(this.flags.array[p]! & NO_RESIDENCE) && this.firstCode.array[p] === code) return;
    // The newest move is the one being recorded.
    const newest = this.lastMove.array[p]!;
    if (
      newest !== NONE &&
      this.moves.find(this.moves.next(newest), (m) => this.moves.value.array[m] === code) !== NONE
    )
      return;
    this.addResident(municipality, p);
  }

  /** Lists the person in `householdId` (at its end) unless listed there already. */
  private join(p: number, householdId: string | null): void {
    if (householdId === null) {
      this.household.array[p] = NONE;
      return;
    }
    const h = this.householdIds.intern(householdId);
    this.householdFirst.reserve(h);
    this.householdLast.reserve(h);
    this.household.array[p] = h;
    for (let q = this.householdFirst.array[h]!; q !== NONE; q = this.nextInHousehold.array[q]!)
      if (q === p) return;
    const last = this.householdLast.array[h]!;
    if (last === NONE) this.householdFirst.array[h] = p;
    else this.nextInHousehold.array[last] = p;
    this.householdLast.array[h] = p;
    this.nextInHousehold.array[p] = NONE;
  }

  /** Takes the person off their household's list (an emptied household is no longer listed). */
  private leave(p: number): void {
    const h = this.household.array[p]!;
    if (h === NONE) return;
    let before = NONE;
    for (let q = this.householdFirst.array[h]!; q !== NONE; before = q, q = this.nextInHousehold.array[q]!) {
      if (q !== p) continue;
      const after = this.nextInHousehold.array[p]!;
      if (before === NONE) this.householdFirst.array[h] = after;
      else this.nextInHousehold.array[before] = after;
      if (this.householdLast.array[h] === p) this.householdLast.array[h] = before;
      this.nextInHousehold.array[p] = NONE;
      return;
    }
  }

  /** The record-timed logs of moves and life events (never changed by later facts: `asOf` reads them). */
  private record(p: number, event: PersonEvent, recordedAt: number): void {
    if (event.type === 'PersonMoved') {
      this.pushMove(p, event.data.movedOn, event.data.municipality, recordedAt);
      this.residentIn(p, event.data.municipality);
      return;
    }
    if (event.type === 'FactAnnulled') {
      // The correction annuls the latest fact of its type not yet annulled (correction-handler.ts).
      if (event.data.annulledType === 'PersonMoved') {
        this.moves.annulLatest(this.lastMove.array[p]!, recordedAt, () => true);
        return;
      }
      const kind = LIFE_EVENT_OF[event.data.annulledType];
      if (kind === undefined) return;
      const code = LIFE_EVENTS.indexOf(kind);
      this.lives.annulLatest(this.lastLife.array[p]!, recordedAt, (l) => this.lives.value.array[l] === code);
      return;
    }
    const life = lifeEventOf(event);
    if (life === undefined) return;
    this.pushLife(p, life[0], life[1], recordedAt);
  }

  /** A corrected fact no longer holds (issue 11). */
  private annul(p: number, d: FactAnnulled['data']): void {
    if (d.annulledType === 'PersonDied' || d.annulledType === 'PersonEmigrated') {
      this.setStatus(p, 'resident');
      this.left.array[p] = NO_DAY;
    } else if (d.annulledType === 'PersonOptedOut') this.flags.array[p]! &= ~OPTED_OUT;
    else if (d.annulledType === 'PersonMoved' && d.restoredResidence) {
      this.leave(p);
      const last = this.lastResidence.array[p]!;
      if (last !== NONE) this.lastResidence.array[p] = this.residences.next.array[last]!;
      this.municipality.array[p] = this.codes.code(d.restoredResidence.municipality);
      this.join(p, d.restoredResidence.householdId);
    }
  }

  private apply(p: number, event: PersonEvent): void {
    switch (event.type) {
      case 'PersonMoved': {
        const d = event.data;
        this.leave(p);
        const code = this.codes.code(d.municipality);
        if (code !== this.municipality.array[p]) {
          if (this.flags.array[p]! & NO_RESIDENCE) {
            this.flags.array[p]! &= ~NO_RESIDENCE;
            this.firstFrom.array[p] = this.dateCode(d.movedOn);
            this.firstCode.array[p] = code;
          } else this.pushResidence(p, d.movedOn, d.municipality);
        }
        this.municipality.array[p] = code;
        this.join(p, d.householdId);
        if ((this.flags.array[p]! & STATUS) === STATUSES.indexOf('emigrated')) {
          this.setStatus(p, 'resident');
          this.left.array[p] = NO_DAY;
        }
        return;
      }
      case 'PersonDied':
        this.setStatus(p, 'dead');
        this.left.array[p] = this.dateCode(event.data.diedOn);
        return;
      case 'PersonEmigrated':
        this.setStatus(p, 'emigrated');
        this.left.array[p] = this.dateCode(event.data.emigratedOn);
        return;
      case 'PersonOptedOut':
        this.flags.array[p]! |= OPTED_OUT;
        return;
      case 'PersonOptedIn':
        this.flags.array[p]! &= ~OPTED_OUT;
        return;
      case 'PersonNinChanged':
        this.setNin(p, event.data.newNin);
        return;
      case 'WaitingListJoined':
        this.waiting.set(p, {
          contractId: ownedString(event.data.contractId),
          joinedAt: ownedString(event.data.joinedAt),
        });
        return;
      case 'WaitingListLeft':
        if (this.waiting.get(p)?.contractId === event.data.contractId) this.waiting.delete(p);
        return;
      case 'FactAnnulled':
        this.annul(p, event.data);
        return;
      default:
        return;
    }
  }

  /** The register as snapshot sections (see `encodePersonRegister`). */
  encode(w: BinaryWriter): void {
    const persons = this.persons.count;
    const households = this.householdIds.count;
    const ids = this.persons.ids.snapshot();
    const householdIds = this.householdIds.ids.snapshot();
    w.json({
      format: FORMAT,
      persons,
      households,
      residences: this.residences.count,
      moves: this.moves.count,
      lives: this.lives.count,
      children: this.children.count,
      renumbered: [...this.renumbered],
    })
      .typed(ids.words, persons * 4)
      .json(ids.texts);
    for (const part of this.perPerson)
      if (part instanceof Column) w.typed(part.array, persons);
      else w.json([...part]);
    w.typed(householdIds.words, households * 4)
      .json(householdIds.texts)
      .typed(this.householdFirst.array, households)
      .typed(this.householdLast.array, households)
      .typed(this.residences.next.array, this.residences.count)
      .typed(this.residenceFrom.array, this.residences.count)
      .typed(this.residenceCode.array, this.residences.count);
    this.moves.encode(w);
    this.lives.encode(w);
    w.typed(this.children.next.array, this.children.count)
      .typed(this.childPerson.array, this.children.count)
      .json([...this.childrenByText])
      .strings(this.codes.values)
      .strings(this.oddDates.values)
      .strings(this.entitlementCodes.values)
      .json([...this.everResidentOf].map(([number, persons]) => [number, persons.length]));
    for (const persons of this.everResidentOf.values()) w.typed(Int32Array.from(persons), persons.length);
  }

  /** Reads what `encode` wrote, yielding after the persons' and the households' ids. */
  *decode(r: BinaryReader): Generator<void, void, void> {
    const head = r.json<{
      format: number;
      persons: number;
      households: number;
      residences: number;
      moves: number;
      lives: number;
      children: number;
      renumbered: [string, { newNumber: string; effectiveFrom: string }][];
    }>();
    if (head.format !== FORMAT)
      throw new Error(`person-register snapshot format ${head.format} is not ${FORMAT}`);
    for (const [k, v] of head.renumbered) this.renumbered.set(k, v);
    const n = head.persons;
    yield* this.persons.restoreInSlices(n, r.int32(), r.json<[number, string][]>(), ROWS_PER_SLICE);
    for (const part of this.perPerson)
      if (part instanceof Column) part.load(columnOf(r, part), n);
      else for (const [p, value] of r.json<[number, never][]>()) part.set(p, value);
    yield;
    yield* this.householdIds.restoreInSlices(
      head.households,
      r.int32(),
      r.json<[number, string][]>(),
      ROWS_PER_SLICE,
    );
    this.householdFirst.load(r.int32(), head.households);
    this.householdLast.load(r.int32(), head.households);
    this.residences.load(r.int32(), head.residences);
    this.residenceFrom.load(r.int32(), head.residences);
    this.residenceCode.load(r.int32(), head.residences);
    this.moves.decode(r, head.moves, () => r.int32());
    this.lives.decode(r, head.lives, () => r.uint8());
    this.children.load(r.int32(), head.children);
    this.childPerson.load(r.int32(), head.children);
    for (const [id, children] of r.json<[string, string[]][]>()) this.childrenByText.set(id, children);
    this.codes.load(r.strings());
    this.oddDates.load(r.strings());
    this.entitlementCodes.load(r.strings());
    for (const [number] of r.json<[string, number][]>())
      this.everResidentOf.set(number, Array.from(r.int32()));
    if (!r.done) throw new Error('person-register snapshot has trailing bytes');
  }
}

/** A per-person column, or a map by person number of what a column cannot hold. */
type PerPerson = Column<NumberArray> | Map<number, unknown>;

/** A snapshot section of the column's own kind of array. */
function columnOf(r: BinaryReader, column: Column<NumberArray>): NumberArray {
  if (column.array instanceof Float64Array) return r.float64();
  if (column.array instanceof Uint8Array) return r.uint8();
  return r.int32();
}

/** A growable list of chained entries: `add` gives the next entry number, linked to `next`. */
class Chain {
  readonly next = int32Column(NONE);
  count = 0;

  add(next = NONE): number {
    const entry = this.count++;
    this.next.reserve(entry)[entry] = next;
    return entry;
  }

  load(next: Int32Array<ArrayBuffer>, count: number): void {
    this.next.load(next, count);
    this.count = count;
  }
}

/**
 * Dated facts with their record times, chained newest first per person (moves, life events): the
 * day or odd-date code, a value code, the record time and the annulment time (NaN: none).
 */
class FactChain<V extends Int32Array | Uint8Array> {
  private readonly links = new Chain();
  private readonly on = int32Column();
  private readonly recorded = float64Column();
  private readonly annulled = float64Column(Number.NaN);

  constructor(readonly value: Column<V>) {}

  get count(): number {
    return this.links.count;
  }

  /** The fact after `fact` (older), or NONE. */
  next(fact: number): number {
    return this.links.next.array[fact]!;
  }

  /** Adds a fact before `head` (the person's newest); returns the new head. */
  push(head: number, on: number, value: number, recordedAt: number, annulledAt?: number): number {
    const fact = this.links.add(head);
    this.on.reserve(fact)[fact] = on;
    this.value.reserve(fact)[fact] = value;
    this.recorded.reserve(fact)[fact] = recordedAt;
    this.annulled.reserve(fact)[fact] = annulledAt ?? Number.NaN;
    return fact;
  }

  /** The newest fact from `head` on that `test` passes, or NONE. */
  find(head: number, test: (fact: number) => boolean): number {
    for (let fact = head; fact !== NONE; fact = this.next(fact)) if (test(fact)) return fact;
    return NONE;
  }

  /** Annuls the newest fact from `head` on that `test` passes and no correction annulled yet. */
  annulLatest(head: number, recordedAt: number, test: (fact: number) => boolean): void {
    const fact = this.find(head, (f) => Number.isNaN(this.annulled.array[f]!) && test(f));
    if (fact !== NONE) this.annulled.array[fact] = recordedAt;
  }

  /** The facts from `head` on, oldest first, as `RecordedFact`s. */
  facts<T>(head: number, date: (on: number) => string, meaning: (code: number) => T): RecordedFact<T>[] {
    const out: RecordedFact<T>[] = [];
    for (let fact = head; fact !== NONE; fact = this.next(fact)) {
      const recorded: RecordedFact<T> = [
        date(this.on.array[fact]!),
        meaning(this.value.array[fact]!),
        this.recorded.array[fact]!,
      ];
      const annulled = this.annulled.array[fact]!;
      if (!Number.isNaN(annulled)) recorded.push(annulled);
      out.push(recorded);
    }
    return out.reverse();
  }

  encode(w: BinaryWriter): void {
    const { count } = this;
    w.typed(this.links.next.array, count)
      .typed(this.on.array, count)
      .typed(this.value.array, count)
      .typed(this.recorded.array, count)
      .typed(this.annulled.array, count);
  }

  decode(r: BinaryReader, count: number, values: () => V): void {
    this.links.load(r.int32(), count);
    this.on.load(r.int32(), count);
    this.value.load(values(), count);
    this.recorded.load(r.float64(), count);
    this.annulled.load(r.float64(), count);
  }
}

/** Persons by id, in registration order, each row made when asked for. */
export class PersonRows {
  constructor(private readonly register: PersonRegister) {}

  get size(): number {
    return this.register.size;
  }

  has(personId: string): boolean {
    return this.register.persons.find(personId) >= 0;
  }

  get(personId: string): PersonRow | undefined {
    const p = this.register.persons.find(personId);
    return p < 0 ? undefined : this.register.rowAt(p);
  }

  /**
   * Every row in registration order; with `livingIn`, only those whose municipality number now
   * passes it (asked once per number, so a search in one municipality makes only its rows).
   */
  *values(livingIn?: (municipality: string) => boolean): Generator<PersonRow, void, void> {
    for (const [, row] of this.entries(0, livingIn)) yield row;
  }

  /** `values` from registration ordinal `from` on, each row with its ordinal. */
  *entries(
    from = 0,
    livingIn?: (municipality: string) => boolean,
  ): Generator<[ordinal: number, row: PersonRow], void, void> {
    const { register } = this;
    const passes = new Map<number, boolean>();
    const codes = register.municipality.array;
    for (let p = Math.max(0, from); p < register.size; p++) {
      if (livingIn) {
        const code = codes[p]!;
        let pass = passes.get(code);
        if (pass === undefined) passes.set(code, (pass = livingIn(register.codes.values[code]!)));
        if (!pass) continue;
      }
      yield [p, register.rowAt(p)];
    }
  }

  /**
   * The rows of the persons who have ever lived under a municipality number that passes `accept`
   * (by a recorded registration or move), in registration order, each once: a question about a
   * municipality on a past date makes the rows of those who could have lived there then, not all.
   */
  *everLivedIn(accept: (municipality: string) => boolean): Generator<PersonRow, void, void> {
    const { register } = this;
    const lists: number[][] = [];
    let total = 0;
    for (const [number, persons] of register.everResidentOf)
      if (accept(number)) {
        lists.push(persons);
        total += persons.length;
      }
    const numbers = new Int32Array(total);
    let at = 0;
    for (const persons of lists) {
      numbers.set(persons, at);
      at += persons.length;
    }
    numbers.sort();
    for (let i = 0; i < numbers.length; i++)
      if (i === 0 || numbers[i] !== numbers[i - 1]) yield register.rowAt(numbers[i]!);
  }
}

/** Members of each household now (ids, in the order they joined). */
export class HouseholdMembers {
  constructor(private readonly register: PersonRegister) {}

  has(householdId: string): boolean {
    return this.get(householdId) !== undefined;
  }

  get(householdId: string): readonly string[] | undefined {
    const h = this.register.householdOf(householdId);
    if (h < 0) return undefined;
    const members = this.register.membersOf(h);
    return members.length === 0 ? undefined : members.map((p) => this.register.persons.at(p));
  }
}

/** A parent's children (ids), in registration order. */
export class ChildrenOf {
  constructor(private readonly register: PersonRegister) {}

  get(parentId: string): string[] | undefined {
    const children = this.register.childIdsOf(parentId);
    return children.length === 0 ? undefined : children;
  }
}

/** Per municipality number, the persons (ids) who have lived there. */
export class EverResident {
  constructor(private readonly register: PersonRegister) {}

  get(municipality: string): string[] | undefined {
    return this.register.everResidentOf.get(municipality)?.map((p) => this.register.persons.at(p));
  }
}

const LIFE_EVENT_OF: Readonly<Record<string, LifeEvent | undefined>> = {
  PersonDied: 'died',
  PersonEmigrated: 'emigrated',
  PersonOptedOut: 'optedOut',
};

/** The date and kind of a death, emigration, opt-out or opt-in; undefined for other events. */
function lifeEventOf(event: PersonEvent): [string, LifeEvent] | undefined {
  switch (event.type) {
    case 'PersonDied':
      return [event.data.diedOn, 'died'];
    case 'PersonEmigrated':
      return [event.data.emigratedOn, 'emigrated'];
    case 'PersonOptedOut':
      return [event.data.on, 'optedOut'];
    case 'PersonOptedIn':
      return [event.data.on, 'optedIn'];
    default:
      return undefined;
  }
}

/**
 * The municipality number a person lived in on `date`, or null once dead or emigrated. Before the
 * first registered residence (imported history) the first one is taken.
 */
export function residenceOn(row: PersonRow, date: string): string | null {
  if (row.leftOn !== null && row.leftOn <= date) return null;
  let municipality = row.residences[0]?.[1] ?? row.municipality;
  for (const [from, number] of row.residences) if (from <= date) municipality = number;
  return municipality;
}

/**
 * The municipality the person lived in on `date` as the register knew it at `asOf` (undefined: now),
 * from the registration and every move recorded by then: the latest by date (then record time) that
 * began on or before `date`, annulled moves left out; undefined before the first. Death and
 * emigration are not applied here (see `lifeEvents`).
 */
export function residenceKnownOn(row: PersonRow, date: string, asOf: number | undefined): string | undefined {
  let from = '';
  let recordedAt = Number.NEGATIVE_INFINITY;
  let municipality: string | undefined;
  const consider = (on: string, number: string, r: number) => {
    if (on > date || (asOf !== undefined && r > asOf)) return;
    if (municipality === undefined || on > from || (on === from && r >= recordedAt)) {
      from = on;
      recordedAt = r;
      municipality = number;
    }
  };
  const [registeredOn, registeredIn] = row.residences[0] ?? [row.registeredOn, row.municipality];
  consider(registeredOn, registeredIn, row.recordedAt);
  for (const move of row.moves ?? []) if (knownAt(move, asOf)) consider(move[0], move[1], move[2]);
  return municipality;
}

/**
 * Snapshot formats: 4 is written: a magic prefix, then the columns as length-prefixed sections
 * (shared/binary.ts). 3 (msgpack chunks of rows) and 2 (JSON of the rows), written before the
 * register was held in columns, are still read.
 */
const FORMAT = 4;
const MAGIC = Buffer.from('flr-person-register-4\n');
const ROWS_MAGIC = Buffer.from('flr-person-register\n');
const ROWS_FORMAT = 3;
const LEGACY_JSON_FORMAT = 2;
/** Persons (or households) whose ids are found again between two yields of a decode. */
const ROWS_PER_SLICE = 20_000;

export function encodePersonRegister(model: PersonRegister): Buffer[] {
  const w = new BinaryWriter();
  model.encode(w);
  return [MAGIC, ...w.parts];
}

export function decodePersonRegister(bytes: Buffer): PersonRegister {
  return allSlices(decodePersonRegisterInSlices(bytes));
}

/** `decodePersonRegister` in slices, yielding between them. */
export function* decodePersonRegisterInSlices(bytes: Buffer): Generator<void, PersonRegister, void> {
  const model = new PersonRegister();
  if (bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    yield* model.decode(new BinaryReader(bytes.subarray(MAGIC.length)));
    return model;
  }
  if (!bytes.subarray(0, ROWS_MAGIC.length).equals(ROWS_MAGIC)) return decodeLegacyJson(bytes, model);
  const unpackr = new Unpackr({ useRecords: true, moreTypes: false });
  let at = ROWS_MAGIC.length;
  const next = (): unknown => {
    if (at + 4 > bytes.length) throw new Error('person-register snapshot is truncated');
    const length = bytes.readUInt32LE(at);
    if (at + 4 + length > bytes.length) throw new Error('person-register snapshot is truncated');
    const value = unpackr.unpack(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
    return value;
  };
  const head = next() as {
    format: number;
    renumbered: [string, { newNumber: string; effectiveFrom: string }][];
  };
  if (head.format !== ROWS_FORMAT)
    throw new Error(`person-register snapshot format ${head.format} is not ${ROWS_FORMAT}`);
  for (const [k, v] of head.renumbered) model.renumbered.set(k, v);
  while (at < bytes.length) {
    for (const row of next() as PersonRow[]) model.addRow(row);
    yield;
  }
  return model;
}

function decodeLegacyJson(bytes: Buffer, model: PersonRegister): PersonRegister {
  const body = JSON.parse(bytes.toString('utf8')) as {
    format: number;
    rows: PersonRow[];
    renumbered: [string, { newNumber: string; effectiveFrom: string }][];
  };
  if (body.format !== LEGACY_JSON_FORMAT)
    throw new Error(`person-register snapshot format ${body.format} is not ${FORMAT}`);
  for (const [k, v] of body.renumbered) model.renumbered.set(k, v);
  for (const row of body.rows) model.addRow(row);
  return model;
}
