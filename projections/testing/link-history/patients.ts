import { addDays, contains } from '../../shared/dates';
import { HIGH, type Key, type ReadModelReader } from '../../shared/read-model';
import type { AsOf } from '../../shared/record-time';
import {
  type ByFromValue,
  type ByToValue,
  type ContractMeta,
  endOf,
  keys,
  ninAt,
  type PersonInfo,
  visible,
} from './model';
import type { Period } from './queries';
import { readPerson } from './person-codec';

export interface PatientEntry {
  nin: string;
  period: Period;
}

export interface PatientPage {
  items: PatientEntry[];
  /** Opaque; present when more entries may follow. */
  next: string | null;
}

type Cursor = { i: 'f' | 't'; k: Key };

const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(raw: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    return (c.i === 'f' || c.i === 't') && Array.isArray(c.k) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Patients on a list on `date` (GetGPPatientList at any date), paged. Without `asOf` it scans the
 * shorter of two indexes: links begun by `date` (old dates) or links ending after `date` (recent
 * dates); with `asOf` it scans begin dates and resolves each link as known then.
 */
export function patientsAt(
  r: ReadModelReader,
  contractId: string,
  date: string,
  opts: { limit: number; cursor?: Cursor | null; asOf?: AsOf; today: string; index?: 'f' | 't' },
): PatientPage {
  const index =
    opts.cursor?.i ??
    opts.index ??
    (opts.asOf === undefined ? chooseIndex(r, contractId, date, opts.today) : 'f');
  const start: Key =
    opts.cursor?.k ?? (index === 'f' ? ['cf', contractId] : ['ct', contractId, addDays(date, 1)]);
  const end: Key = index === 'f' ? ['cf', contractId, addDays(date, 1)] : ['ct', contractId, HIGH];
  const items: PatientEntry[] = [];
  let last: Key | null = null;
  for (const { key, value } of r.range<ByFromValue | ByToValue>({ start, end })) {
    if (opts.cursor && last === null && sameKey(key, opts.cursor.k)) {
      last = key;
      continue;
    }
    if (items.length === opts.limit) return { items, next: encode({ i: index, k: last ?? key }) };
    last = key;
    const entry =
      index === 'f'
        ? fromByFrom(r, key as string[], value as ByFromValue, date, opts.asOf)
        : fromByTo(key as string[], value as ByToValue, date);
    if (entry) items.push(entry);
  }
  return { items, next: null };
}

function fromByFrom(
  r: ReadModelReader,
  key: string[],
  v: ByFromValue,
  date: string,
  asOf: AsOf,
): PatientEntry | null {
  const from = key[2];
  if (asOf === undefined) {
    if (v.withdrawn || !contains(from, v.to, date)) return null;
    return { nin: v.nin, period: { from, to: v.to } };
  }
  const person = readPerson(r, v.personId);
  const link = person?.links.find((l) => l.associationId === key[3]);
  if (!person || !link || !visible(link, asOf)) return null;
  const to = endOf(link, asOf)?.to ?? null;
  if (!contains(from, to, date)) return null;
  const nin = ninAt(person, r.get<PersonInfo>(keys.personInfo(person.id)), asOf);
  return { nin, period: { from, to } };
}

function fromByTo(key: string[], nin: ByToValue, date: string): PatientEntry | null {
  const to = key[2] === '9999-12-31' ? null : key[2];
  const from = key[3];
  return from <= date && (to === null || to > date) ? { nin, period: { from, to } } : null;
}

/** Begin-date scan for dates in the first half of the list's history, end-date scan for the rest. */
function chooseIndex(r: ReadModelReader, contractId: string, date: string, today: string): 'f' | 't' {
  const meta = r.get<ContractMeta>(keys.contractMeta(contractId));
  if (!meta || date >= today) return 't';
  const span = Date.parse(today) - Date.parse(meta.first);
  return Date.parse(date) - Date.parse(meta.first) >= span / 2 ? 't' : 'f';
}

function sameKey(a: Key, b: Key): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
