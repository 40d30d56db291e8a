import { allSlices } from '../shared/slices';
import type { Entitlement, FactAnnulled, PersonEvent, RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { Packr, Unpackr } from 'msgpackr';
import { nationalSuccessor } from '../shared/municipality-code';
import { recordTimeOf } from '../shared/record-time';

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

/** persons by internal id, in registration order; children per parent; §1.8 renumberings. */
export class PersonRegister {
  readonly rows = new Map<string, PersonRow>();
  readonly childrenOf = new Map<string, string[]>();
  readonly householdMembers = new Map<string, readonly string[]>();
  /** old municipality number -> { newNumber, effectiveFrom } (§1.8: a code change, never a move). */
  readonly renumbered = new Map<string, { newNumber: string; effectiveFrom: string }>();
  /**
   * Per municipality number, the persons who have lived there by any recorded registration or move
   * (capacity at a past date finds those who moved away); derived, rebuilt when a snapshot is read.
   */
  readonly everResident = new Map<string, string[]>();
  /**
   * One string per distinct date and municipality number: rows share it instead of each keeping the
   * copy its event was decoded with (at national size millions of rows hold a few thousand values).
   */
  private readonly texts = new Map<string, string>();
  /** The residences of persons registered in a municipality on a day and not moved since, one frozen list each. */
  private readonly firstResidences = new Map<string, Map<string, [string, string][]>>();

  /** The pooled string equal to `text`. */
  private shared(text: string): string {
    const pooled = this.texts.get(text);
    if (pooled !== undefined) return pooled;
    const copy = ownString(text);
    this.texts.set(copy, copy);
    return copy;
  }

  /** `[[from, municipality]]`, shared by every person whose only residence it is (never changed in place). */
  private firstResidence(from: string, municipality: string): [string, string][] {
    let byDay = this.firstResidences.get(municipality);
    if (!byDay) this.firstResidences.set(municipality, (byDay = new Map()));
    let residences = byDay.get(from);
    if (!residences) {
      residences = Object.freeze([Object.freeze([from, municipality])]) as [string, string][];
      byDay.set(from, residences);
    }
    return residences;
  }

  /** A person id as the row of that person holds it (one string per person however often it is referred to). */
  private personIdOf(personId: string): string {
    return this.rows.get(personId)?.personId ?? personId;
  }

  /** Adds the person to the municipality's `everResident` unless an earlier residence put them there. */
  private residentIn(row: PersonRow, municipality: string): void {
    if (row.residences[0]?.[1] === municipality) return;
    const moves = row.moves ?? [];
    for (let i = 0; i < moves.length - 1; i++) if (moves[i]![1] === municipality) return;
    this.addResident(municipality, row.personId);
  }

  addResident(municipality: string, personId: string): void {
    const persons = this.everResident.get(municipality);
    if (persons) persons.push(personId);
    else this.everResident.set(municipality, [personId]);
  }

  /** A row read from a snapshot, with what is derived from it: residents, household, children. */
  addRow(decoded: PersonRow): void {
    const row = this.sharing(decoded);
    this.rows.set(row.personId, row);
    const lived = new Set([row.residences[0]?.[1] ?? row.municipality]);
    for (const [, number] of row.moves ?? []) lived.add(number);
    for (const number of lived) this.addResident(number, row.personId);
    this.join(row.personId, row.householdId);
    for (const parent of row.parentIds) {
      this.childrenOf.set(parent, appended(this.childrenOf.get(parent), row.personId));
    }
  }

  /** A decoded row holding the pooled dates, numbers and parent ids instead of its own copies. */
  private sharing(row: PersonRow): PersonRow {
    const shared = (text: string) => this.shared(text);
    row.municipality = shared(row.municipality);
    const [first, ...moved] = row.residences;
    row.residences =
      first === undefined
        ? []
        : moved.length === 0
          ? this.firstResidence(shared(first[0]), shared(first[1]))
          : row.residences.map(([from, number]) => [shared(from), shared(number)]);
    if (row.leftOn !== null) row.leftOn = shared(row.leftOn);
    for (const move of row.moves ?? []) {
      move[0] = shared(move[0]);
      move[1] = shared(move[1]);
    }
    for (const fact of row.lifeEvents ?? []) fact[0] = shared(fact[0]);
    return {
      ...row,
      personId: ownString(row.personId),
      nin: ownString(row.nin),
      householdId: row.householdId === null ? null : ownString(row.householdId),
      birthDate: shared(row.birthDate),
      registeredOn: shared(row.registeredOn),
      parentIds: row.parentIds.length === 0 ? NO_PARENTS : row.parentIds.map((id) => this.personIdOf(id)),
    };
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

  private join(personId: string, householdId: string | null): void {
    if (householdId === null) return;
    const members = this.householdMembers.get(householdId);
    if (!members?.includes(personId)) this.householdMembers.set(householdId, appended(members, personId));
  }

  private leave(personId: string, householdId: string | null): void {
    if (householdId === null) return;
    const members = this.householdMembers.get(householdId);
    if (!members?.includes(personId)) return;
    // An emptied household is dropped (`join` lists it again if anyone moves into it).
    if (members.length === 1) this.householdMembers.delete(householdId);
    else this.householdMembers.set(householdId, without(members, personId));
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
      if (this.rows.has(d.personId)) return;
      const personId = ownString(d.personId);
      const householdId = d.householdId === null ? null : ownString(d.householdId);
      const municipality = this.shared(d.municipality);
      const registeredOn = this.shared(d.registeredOn);
      const parentIds = d.parentIds.length === 0 ? NO_PARENTS : d.parentIds.map((id) => this.personIdOf(id));
      this.rows.set(personId, {
        personId,
        nin: ownString(d.nin),
        birthDate: this.shared(d.birthDate),
        ninKind: d.ninKind,
        parentIds,
        entitlement: d.entitlement,
        municipality,
        residences: this.firstResidence(registeredOn, municipality),
        leftOn: null,
        householdId,
        status: 'resident',
        optedOut: false,
        waiting: null,
        registeredOn,
        recordedAt: recordTimeOf(recorded),
      });
      this.join(personId, householdId);
      this.addResident(municipality, personId);
      for (const parent of parentIds)
        this.childrenOf.set(parent, appended(this.childrenOf.get(parent), personId));
      return;
    }
    const personEvent = event as PersonEvent;
    const personId = (personEvent.data as { personId?: string }).personId;
    const row = personId === undefined ? undefined : this.rows.get(personId);
    if (!row) return;
    this.record(row, personEvent, recordTimeOf(recorded));
    this.apply(row, personEvent);
  }

  /** The record-timed logs of moves and life events (never changed by later facts: `asOf` reads them). */
  private record(row: PersonRow, event: PersonEvent, recordedAt: number): void {
    if (event.type === 'PersonMoved') {
      row.moves = appended(row.moves, [
        this.shared(event.data.movedOn),
        this.shared(event.data.municipality),
        recordedAt,
      ]);
      this.residentIn(row, this.shared(event.data.municipality));
      return;
    }
    if (event.type === 'FactAnnulled') {
      // The correction annuls the latest fact of its type not yet annulled (correction-handler.ts).
      const kind = LIFE_EVENT_OF[event.data.annulledType];
      const facts: RecordedFact<unknown>[] =
        event.data.annulledType === 'PersonMoved'
          ? (row.moves ?? [])
          : (row.lifeEvents ?? []).filter((f) => f[1] === kind);
      for (let i = facts.length - 1; i >= 0; i--)
        if (facts[i]![3] === undefined) {
          facts[i]![3] = recordedAt;
          return;
        }
      return;
    }
    const life = lifeEventOf(event);
    if (life === undefined) return;
    row.lifeEvents = appended(row.lifeEvents, [this.shared(life[0]), life[1], recordedAt]);
  }

  /** A corrected fact no longer holds (issue 11). */
  private annul(row: PersonRow, d: FactAnnulled['data']): void {
    if (d.annulledType === 'PersonDied' || d.annulledType === 'PersonEmigrated') {
      row.status = 'resident';
      row.leftOn = null;
    } else if (d.annulledType === 'PersonOptedOut') row.optedOut = false;
    else if (d.annulledType === 'PersonMoved' && d.restoredResidence) {
      this.leave(row.personId, row.householdId);
      row.residences = row.residences.length > 1 ? row.residences.slice(0, -1) : row.residences;
      row.municipality = d.restoredResidence.municipality;
      row.householdId =
        d.restoredResidence.householdId === null ? null : ownString(d.restoredResidence.householdId);
      this.join(row.personId, row.householdId);
    }
  }

  private apply(row: PersonRow, event: PersonEvent): void {
    switch (event.type) {
      case 'PersonMoved':
        this.leave(row.personId, row.householdId);
        if (event.data.municipality !== row.municipality)
          row.residences = appended(row.residences, [
            this.shared(event.data.movedOn),
            this.shared(event.data.municipality),
          ]);
        row.municipality = this.shared(event.data.municipality);
        row.householdId = event.data.householdId === null ? null : ownString(event.data.householdId);
        this.join(row.personId, row.householdId);
        if (row.status === 'emigrated') {
          row.status = 'resident';
          row.leftOn = null;
        }
        return;
      case 'PersonDied':
        row.status = 'dead';
        row.leftOn = this.shared(event.data.diedOn);
        return;
      case 'PersonEmigrated':
        row.status = 'emigrated';
        row.leftOn = this.shared(event.data.emigratedOn);
        return;
      case 'PersonOptedOut':
        row.optedOut = true;
        return;
      case 'PersonOptedIn':
        row.optedOut = false;
        return;
      case 'PersonNinChanged':
        row.nin = ownString(event.data.newNin);
        row.ninKind = Number(event.data.newNin[0]) >= 4 ? 'DNR' : 'FNR';
        return;
      case 'WaitingListJoined':
        row.waiting = { contractId: event.data.contractId, joinedAt: event.data.joinedAt };
        return;
      case 'WaitingListLeft':
        if (row.waiting?.contractId === event.data.contractId) row.waiting = null;
        return;
      case 'FactAnnulled':
        this.annul(row, event.data);
        return;
      default:
        return;
    }
  }
}

/**
 * A copy of `text` that is a string of its own. The log's decoder hands out an event's short strings
 * as slices of one string decoded for the whole event, so a row keeping a slice (an id, a number)
 * kept every event it took one from: at 300,000 persons half the model's memory.
 */
function ownString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * `list` with `item` at its end, as a new array of exactly that length: a person's few moves and life
 * events, a household's members and a parent's children grow one at a time, and an array grown by
 * `push` reserves room for 16 more (at national size, over 100 bytes for each of millions of lists).
 */
function appended<T>(list: readonly T[] | undefined, item: T): T[] {
  // `concat` sizes its result exactly; a spread (`[...list, item]`) reserves room as `push` does.
  return list === undefined ? [item] : list.concat([item]);
}

/** `list` without `item`, as a new array of exactly that length (`filter` reserves room as `push` does). */
function without<T>(list: readonly T[], item: T): T[] {
  const out = new Array<T>(list.length - 1);
  let at = 0;
  for (const each of list) if (each !== item && at < out.length) out[at++] = each;
  return out;
}

/** The parents of a person registered without any (most of the register): one shared empty list. */
const NO_PARENTS: readonly string[] = Object.freeze([]);

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
 * Snapshot formats: 2 (JSON, `moves` and `lifeEvents` added for issue 10) is still read; 3 is written:
 * a magic prefix, then `[u32 length][msgpack]` chunks, the first `{ format, renumbered }`, then rows
 * in chunks of ROWS_PER_CHUNK (msgpack records: each row shape's keys are written once per chunk).
 * JSON of the whole register does not scale: one string of ~450 bytes per person passes V8's
 * largest string long before the country's 9 M persons, and parsing it was most of a cold start.
 */
const FORMAT = 3;
const LEGACY_JSON_FORMAT = 2;
const MAGIC = Buffer.from('flr-person-register\n');
/** Also the slice `decodePersonRegisterInSlices` yields after: a few tens of milliseconds of work. */
const ROWS_PER_CHUNK = 1_024;

export function encodePersonRegister(model: PersonRegister): Buffer[] {
  const packr = new Packr({ useRecords: true, moreTypes: false });
  const parts: Buffer[] = [MAGIC];
  const chunk = (value: unknown) => {
    const body = packr.pack(value);
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(body.length);
    parts.push(length, body);
  };
  chunk({ format: FORMAT, renumbered: [...model.renumbered] });
  let rows: PersonRow[] = [];
  for (const row of model.rows.values()) {
    rows.push(row);
    if (rows.length === ROWS_PER_CHUNK) {
      chunk(rows);
      rows = [];
    }
  }
  if (rows.length > 0) chunk(rows);
  return parts;
}

export function decodePersonRegister(bytes: Buffer): PersonRegister {
  return allSlices(decodePersonRegisterInSlices(bytes));
}

/** `decodePersonRegister` one chunk of rows at a time, yielding after each. */
export function* decodePersonRegisterInSlices(bytes: Buffer): Generator<void, PersonRegister, void> {
  const model = new PersonRegister();
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return decodeLegacyJson(bytes, model);
  const unpackr = new Unpackr({ useRecords: true, moreTypes: false });
  let at = MAGIC.length;
  const next = (): unknown => {
    if (at + 4 > bytes.length) throw new Error('person-register snapshot is cut short');
    const length = bytes.readUInt32LE(at);
    if (at + 4 + length > bytes.length) throw new Error('person-register snapshot is cut short');
    const value = unpackr.unpack(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
    return value;
  };
  const head = next() as {
    format: number;
    renumbered: [string, { newNumber: string; effectiveFrom: string }][];
  };
  if (head.format !== FORMAT)
    throw new Error(`person-register snapshot format ${head.format} is not ${FORMAT}`);
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
