import { dayNumber } from '../../shared/dates';
import { HIGH, type Key } from '../../shared/read-model';

/**
 * Link history read model (one LMDB sub-database). Designed for the hot queries:
 * - gp-at: ['n', nin] -> person id, then ['p', personId] holds the person's few link periods;
 * - patients at a date: per contract a key range by begin date (`cf`) and one by end date (`ct`),
 *   whichever is shorter for the date; values carry the nin, so a page is one range scan;
 * - list size at a date: ['s', contractId, -dayNumber] holds the cumulative count from that date,
 *   so a forward scan from -dayNumber(D) finds the count at D in one step.
 * Every fact keeps its record time (`recordedAt`, epoch ms of metadata.registeredAt) for `asOf` answers.
 */

/** One end (or re-end) of a link, in log order; the last one known at `asOf` applies. */
export interface LinkEnd {
  readonly recordedAt: number;
  /** Exclusive end date; null: a correction took the end back and the link runs open again (issue 11). */
  readonly to: string | null;
  readonly endReason: string | null;
}

/** A person–contract link (tilhørighet): `[from, to)`, `to` from the last known end. */
export interface Link {
  readonly associationId: string;
  readonly contractId: string;
  /** First day on the list. */
  readonly from: string;
  readonly beginReason: string;
  readonly recordedAt: number;
  ends: LinkEnd[];
  /** Record time the pending link was withdrawn before it took effect (§4.3), or null. */
  withdrawnAt: number | null;
}

export interface Dated<T> {
  readonly from: string;
  readonly value: T;
  readonly recordedAt: number;
}

export type LifeEvent = 'died' | 'emigrated' | 'optedOut' | 'optedIn';

/** The hot part of a person, read by every gp-at question: kept small so it decodes fast. */
export interface PersonDoc {
  readonly id: string;
  nin: string;
  readonly recordedAt: number;
  links: Link[];
}

/** The rest of a person (['pi', personId]): identity, residence and life events. */
export interface PersonInfo {
  /** Every nin the person has had, with the record time it became theirs (S45). */
  nins: { nin: string; recordedAt: number }[];
  readonly kind: 'FNR' | 'DNR';
  readonly birthDate: string;
  readonly sex: 'male' | 'female' | null;
  readonly entitlement: string | null;
  /** Residence municipality history (PersonMoved), oldest first. */
  residences: Dated<string>[];
  lifeEvents: Dated<LifeEvent>[];
}

export interface NinDoc {
  readonly personId: string;
  readonly recordedAt: number;
  /** Record time from which this nin no longer resolves (it was replaced, S45). */
  until?: number;
}

export interface ByFromValue {
  readonly personId: string;
  nin: string;
  /** Exclusive end date as known now; null = open. */
  to: string | null;
  /** Withdrawn pending link (kept for `asOf` answers only). */
  withdrawn?: true;
}

/** The end-date index holds just the nin (the begin date is in the key): the cheapest value to decode. */
export type ByToValue = string;

export const OPEN_END = '9999-12-31';

export const keys = {
  person: (personId: string): Key => ['p', personId],
  personInfo: (personId: string): Key => ['pi', personId],
  nin: (nin: string): Key => ['n', nin],
  byFrom: (contractId: string, from: string, associationId: string): Key => [
    'cf',
    contractId,
    from,
    associationId,
  ],
  byTo: (contractId: string, to: string | null, from: string, associationId: string): Key => [
    'ct',
    contractId,
    to ?? OPEN_END,
    from,
    associationId,
  ],
  size: (contractId: string, date: string): Key => ['s', contractId, -dayNumber(date)],
  sizeFloor: (contractId: string): Key => ['s', contractId, -1e9],
  sizeCeil: (contractId: string): Key => ['s', contractId, HIGH],
  contractMeta: (contractId: string): Key => ['cm', contractId],
  resident: (municipality: string, personId: string): Key => ['r', municipality, personId],
};

export interface ContractMeta {
  /** Earliest link begin date, to choose the shorter patient index for a date. */
  first: string;
}

/** End date and reason of a link as known at `asOf` (undefined = now); null = open. */
export function endOf(link: Link, asOf: number | undefined): LinkEnd | null {
  for (let i = link.ends.length - 1; i >= 0; i--) {
    if (asOf === undefined || link.ends[i].recordedAt <= asOf) return link.ends[i];
  }
  return null;
}

/** The person's nin as the register knew it at `asOf`. */
export function ninAt(person: PersonDoc, info: PersonInfo | undefined, asOf: number | undefined): string {
  if (asOf === undefined || !info) return person.nin;
  let nin = info.nins[0]?.nin ?? person.nin;
  for (const e of info.nins) if (e.recordedAt <= asOf) nin = e.nin;
  return nin;
}

/** Whether the link existed in the register's knowledge at `asOf` (and was not withdrawn). */
export function visible(link: Link, asOf: number | undefined): boolean {
  if (asOf === undefined) return link.withdrawnAt === null;
  return link.recordedAt <= asOf && (link.withdrawnAt === null || link.withdrawnAt > asOf);
}
