import type { RegisterEvent, WaitingListJoined, WaitingListLeft } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { osloDate } from '../shared/dates';
import {
  HIGH,
  type Key,
  type ProjectionDefinition,
  type ReadModelReader,
  type ReadModelTx,
} from '../shared/read-model';
import { type AsOf, recordTimeOf } from '../shared/record-time';

/**
 * Waiting lists (venteliste) in queue order: FIFO by join time (R23 [U]). The current queue
 * ['wq', contract, joinedAt, person] and its count answer today's questions in one range scan or
 * get; the full history ['wh', ...] answers `at`/`asOf` questions. At most one current entry per
 * person (R21): a join without a recorded leave closes the earlier entry.
 */
export const WAITING_LISTS = 'waiting-lists';

interface HistoryEntry {
  r: number;
  left: { on: string; r: number; reason: string } | null;
}
/** A person's nins with the record time each became theirs (S45); `asOf` shows the one known then. */
type NinHistory = { n: string; r: number }[];

interface CurrentOf {
  c: string;
  j: string;
}

const k = {
  queue: (c: string, j: string, p: string): Key => ['wq', c, j, p],
  hist: (c: string, j: string, p: string): Key => ['wh', c, j, p],
  current: (p: string): Key => ['wp', p],
  count: (c: string): Key => ['wc', c],
  nin: (p: string): Key => ['pn', p],
};

function leave(tx: ReadModelTx, personId: string, on: string, reason: string, r: number): void {
  const cur = tx.get<CurrentOf>(k.current(personId));
  if (!cur) return;
  tx.remove(k.queue(cur.c, cur.j, personId));
  tx.remove(k.current(personId));
  tx.put(k.count(cur.c), Math.max(0, (tx.get<number>(k.count(cur.c)) ?? 1) - 1));
  const h = tx.get<HistoryEntry>(k.hist(cur.c, cur.j, personId));
  if (h) tx.put(k.hist(cur.c, cur.j, personId), { ...h, left: { on, r, reason } });
}

function join(tx: ReadModelTx, d: WaitingListJoined['data'], r: number): void {
  const cur = tx.get<CurrentOf>(k.current(d.personId));
  if (cur?.c === d.contractId && cur.j === d.joinedAt) return;
  if (cur) leave(tx, d.personId, osloDate(Date.parse(d.joinedAt)), 'REPLACED', r); // R21 / R26
  tx.put(k.queue(d.contractId, d.joinedAt, d.personId), { r });
  tx.put(k.hist(d.contractId, d.joinedAt, d.personId), { r, left: null } satisfies HistoryEntry);
  tx.put(k.current(d.personId), { c: d.contractId, j: d.joinedAt } satisfies CurrentOf);
  tx.put(k.count(d.contractId), (tx.get<number>(k.count(d.contractId)) ?? 0) + 1);
}

function left(tx: ReadModelTx, d: WaitingListLeft['data'], r: number): void {
  const cur = tx.get<CurrentOf>(k.current(d.personId));
  if (cur && cur.c === d.contractId) leave(tx, d.personId, d.on, d.reason, r);
}

export const waitingListsProjection: ProjectionDefinition = {
  name: WAITING_LISTS,
  version: 1,
  eventTypes: ['PersonRegistered', 'PersonNinChanged', 'WaitingListJoined', 'WaitingListLeft'],
  evolve(tx: ReadModelTx, recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    const r = recordTimeOf(recorded);
    switch (event.type) {
      case 'PersonRegistered':
        tx.put(k.nin(event.data.personId), [{ n: event.data.nin, r }] satisfies NinHistory);
        return;
      case 'PersonNinChanged':
        tx.put(k.nin(event.data.personId), [
          ...(tx.get<NinHistory>(k.nin(event.data.personId)) ?? []),
          { n: event.data.newNin, r },
        ] satisfies NinHistory);
        return;
      case 'WaitingListJoined':
        join(tx, event.data, r);
        return;
      case 'WaitingListLeft':
        left(tx, event.data, r);
        return;
      default:
        return;
    }
  },
};

export interface WaitingEntry {
  nin: string;
  joinedAt: string;
}

/** The queue of a contract in order; `at`/`asOf` replay it from the history. */
export function waitingList(
  r: ReadModelReader,
  contractId: string,
  opts: { at?: string; asOf?: AsOf } = {},
): WaitingEntry[] {
  const out: WaitingEntry[] = [];
  const nin = (p: string): string => {
    const hist = r.get<NinHistory>(k.nin(p)) ?? [];
    let n = hist[0]?.n ?? '';
    for (const e of hist) if (opts.asOf === undefined || e.r <= opts.asOf) n = e.n;
    return n;
  };
  if (opts.at === undefined && opts.asOf === undefined) {
    for (const { key } of r.range({ start: ['wq', contractId], end: ['wq', contractId, HIGH] })) {
      const [, , j, p] = key as string[];
      out.push({ nin: nin(p), joinedAt: j });
    }
    return out;
  }
  for (const { key, value } of r.range<HistoryEntry>({
    start: ['wh', contractId],
    end: ['wh', contractId, HIGH],
  })) {
    const [, , j, p] = key as string[];
    if (onListAt(j, value, opts.at, opts.asOf)) out.push({ nin: nin(p), joinedAt: j });
  }
  return out;
}

function onListAt(joinedAt: string, h: HistoryEntry, at: string | undefined, asOf: AsOf): boolean {
  if (asOf !== undefined && h.r > asOf) return false;
  if (at !== undefined && osloDate(Date.parse(joinedAt)) > at) return false;
  const l = h.left && (asOf === undefined || h.left.r <= asOf) ? h.left : null;
  return l === null || (at !== undefined && l.on > at);
}

/** PatientsOnWaitingList: only the count is exposed by FLR (§2.4). */
export function waitingCount(
  r: ReadModelReader,
  contractId: string,
  opts: { at?: string; asOf?: AsOf } = {},
): number {
  if (opts.asOf === undefined && (opts.at === undefined || opts.at >= osloDate()))
    return r.get<number>(k.count(contractId)) ?? 0;
  return waitingList(r, contractId, opts).length;
}
