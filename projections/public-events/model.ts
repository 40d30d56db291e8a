import type { Key } from '../shared/read-model';

/**
 * Public events: FLR's service-bus events (DOMAIN §5.3, `FlrEvents`), one JSON body per event,
 * versioned by JSON schema (schemas/<Type>.v1.json).
 *
 * Positions. A public event is stored under ['z', P, i]: P the log position of the source event
 * (a number; numbers sort in order, before any text), i its index among the public events that source produced. Its feed
 * `position` is "P" for the last (usually only) one and "P.i" for earlier ones, so:
 * - positions are totally ordered: P.0 < P.1 < ... < P < (P+1).0;
 * - "P" means "after everything source event P caused", which is exactly what a command's response
 *   position means: `from=<command position>` resumes after the command's own events;
 * - resuming from any delivered position ("P.i" or "P") yields no gap and no duplicate, because
 *   the keys are written once, in log order, in the same transaction as the checkpoint.
 * The state rows the bodies need are under 'x…' keys, so every public event's key is after all of
 * them and is appended (`ReadModelTx.append`).
 */
export type PublicEventType =
  | 'ContractCreated'
  | 'ContractUpdated'
  | 'ContractCanceled'
  | 'GPOnContractCreated'
  | 'GPOnContractUpdated'
  | 'GPOnContractDeleted'
  | 'PatientOnContractCreated'
  | 'PatientOnContractUpdated'
  | 'PatientOnContractCanceled'
  | 'PatientNinChanged'
  | 'PatientFactCorrected'
  | 'GPUpdated';

/**
 * Every public event type. Append only: the feed's rows store a type as its index here
 * (a reordering would change what stored rows mean; a new type goes at the end).
 */
export const PUBLIC_EVENT_TYPES: readonly PublicEventType[] = Object.freeze([
  'ContractCreated',
  'ContractUpdated',
  'ContractCanceled',
  'GPOnContractCreated',
  'GPOnContractUpdated',
  'GPOnContractDeleted',
  'PatientOnContractCreated',
  'PatientOnContractUpdated',
  'PatientOnContractCanceled',
  'PatientNinChanged',
  'PatientFactCorrected',
  'GPUpdated',
]);

/** A public event as the feed hands it out. */
export interface StoredPublicEvent {
  readonly position: string;
  readonly type: PublicEventType;
  readonly schemaVersion: 1;
  readonly data: Record<string, unknown>;
  readonly recordedAt: string;
}

/**
 * A public event as its row stores it: its type's index in PUBLIC_EVENT_TYPES, its record time in epoch
 * milliseconds, and its body. The rest of what the feed hands out is not stored: the position comes
 * from the key (['z', P, i], and whether a later row of the same P follows), the schema version is 1
 * for every row this projection version writes, and the record time's text is made when read. At the
 * country's size (tens of millions of rows) that is about a third of each row's bytes, and the build
 * no longer formats a date and a position for every event.
 */
export type FeedRow = readonly [type: number, recordedAt: number, data: Record<string, unknown>];

/** A type's number in the stored rows: its index in PUBLIC_EVENT_TYPES. */
const FEED_ROW_TYPE_NUMBER = new Map(PUBLIC_EVENT_TYPES.map((type, n) => [type, n]));

/** The row stored for a public event (its body is serialised by the store when the row is put). */
export function feedRow(type: PublicEventType, recordedAt: number, data: object): FeedRow {
  const n = FEED_ROW_TYPE_NUMBER.get(type);
  if (n === undefined) throw new Error(`no feed row type number for ${type}`);
  return [n, recordedAt, data as Record<string, unknown>];
}

/**
 * The public event stored under `key` (['z', P, i]). `more`: a later row of the same source position
 * P follows it (its position is then "P.i", else "P": the last one a source event produced).
 */
export function publicEventOfRow(key: Key, row: FeedRow, more: boolean): StoredPublicEvent {
  const [, p, i] = key as [string, number, number];
  const type = PUBLIC_EVENT_TYPES[row[0]];
  if (type === undefined) throw new Error(`feed row ${p}.${i}: unknown type number ${row[0]}`);
  return {
    position: more ? `${p}.${i}` : `${p}`,
    type,
    schemaVersion: 1,
    data: row[2],
    recordedAt: new Date(row[1]).toISOString(),
  };
}

/** Whether two feed keys (['z', P, i]) have the same source position P. */
export const sameSource = (a: Key, b: Key): boolean => (a as number[])[1] === (b as number[])[1];

export interface Period {
  from: string;
  to: string | null;
}

/** GPContract body (ContractCreated / ContractUpdated / ContractCanceled). */
export interface ContractBody {
  id: string;
  municipality: string;
  gpOfficeOrganizationNumber: string;
  maxPatients: number;
  status: 'open' | 'closed' | 'locked';
  participatesOnCommonList: boolean;
  isFixedSalary: boolean;
  valid: Period;
  patientsOnWaitingList: number;
  endReason: string | null;
  /** §2.4 details, present once an update (ContractDetailsUpdated) set them. */
  gpOfficeName?: string | null;
  gpOfficeAddress?: { street: string; postalCode: string; city: string } | null;
  coopMunicipalities?: string[];
  accessibleToMobilityImpaired?: boolean | null;
  outOfOfficeLocations?: {
    description: string;
    address: { street: string; postalCode: string; city: string };
  }[];
}

/** The details as registered and every dated update in log order (to announce them as of a date). */
export interface DetailHistory<T> {
  base: T;
  updates: { validFrom: string; changes: Partial<T> }[];
}

/** GPDetails body (GPUpdated): the GP's details from `validFrom`. */
export interface GpBody {
  hprNumber: number;
  name: string;
  specialistInGeneralPractice: boolean;
  herId: number | null;
  validFrom: string;
}

/** GPOnContractAssociation body. */
export interface GpOnContractBody {
  id: string;
  gpContractId: string;
  hprNumber: number;
  relationship: 'LPFL' | 'LPVI';
  substituteForHprNumber: number | null;
  valid: Period;
  workingPercentage: number | null;
}

/** PatientToGPContractAssociation body. */
export interface PatientOnContractBody {
  id: string;
  gpContractId: string;
  patientNin: string;
  period: Period;
  beginCode: string;
  endCode: string | null;
}

/**
 * What the feed keeps of a person to write their patient bodies: the identity number and every
 * link's body, in listing order (one row per person, read and written once per event of theirs).
 * Stored as bytes (person-row-codec.ts).
 */
export interface PersonRow {
  nin: string | null;
  links: LinkRow[];
}

/** A link's PatientOnContractAssociation body as last announced; `withdrawn`: a pending link taken back. */
export interface LinkRow {
  body: PatientOnContractBody;
  withdrawn?: true;
}

/** Collects the public events one source event produces, in order. */
export type Emit = (type: PublicEventType, data: object) => void;

/** The first part of a public event's key: after every state row's ('x…'). */
const EVENT = 'z';
/** After every public event's key. */
export const FEED_END: Key = [EVENT, '\uffff'];
/** The first part of a person row's key (`pubKeys.person`). */
export const PERSON_ROW_PREFIX = 'xp';
/** The prefix of the waiting rows (['xw', personId]: the contract whose waiting list the person is on). */
export const WAITING_ROW_PREFIX = 'xw';

export const pubKeys = {
  // The log position as a number (exact below 2^53, far beyond any log): 9 bytes of key, not 20 digits.
  event: (p: bigint, i: number): Key => [EVENT, Number(p), i],
  contract: (id: string): Key => ['xc', id],
  doctor: (contractId: string, periodId: string): Key => ['xd', contractId, periodId],
  association: (id: string): Key => ['xa', id],
  person: (personId: string): Key => [PERSON_ROW_PREFIX, personId],
  waiting: (personId: string): Key => [WAITING_ROW_PREFIX, personId],
  municipality: (number: string, contractId: string): Key => ['xm', number, contractId],
  gp: (hpr: number): Key => ['xg', hpr],
  contractDetails: (contractId: string): Key => ['xk', contractId],
};

/** Parses a feed position: "P" (after all of P) or "P.i" (after sub-event i of P). */
export function parseFeedPosition(raw: string): { p: bigint; i: number | null } | null {
  const m = /^(\d{1,20})(?:\.(\d{1,6}))?$/.exec(raw);
  if (!m) return null;
  return { p: BigInt(m[1]), i: m[2] === undefined ? null : Number(m[2]) };
}

/** The first key strictly after a feed position. */
export function keyAfter(pos: { p: bigint; i: number | null } | null): Key {
  if (pos === null) return [EVENT];
  return pos.i === null ? [EVENT, Number(pos.p + 1n)] : [EVENT, Number(pos.p), pos.i + 1];
}
