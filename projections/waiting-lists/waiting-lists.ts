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
import { type AsOf, known, recordTimeOf } from '../shared/record-time';

/**
 * Waiting lists (venteliste) in queue order: FIFO by join time (R23 [U]). The current queue
 * ['wq', contract, joinedAt, person] and its count answer today's questions in one range scan or
 * get; the full history ['wh', ...] answers `at`/`asOf` questions. At most one current entry per
 * person (R21): a join without a recorded leave closes the earlier entry.
 */
export const WAITING_LISTS = 'waiting-lists';

interface HistoryEntry {
  recordedAt: number;
  left: { on: string; recordedAt: number; reason: string } | null;
}
/** A person's nins with the record time each became theirs (S45); `asOf` shows the one known then. */
type NinHistory = { nin: string; recordedAt: number }[];

/** The person's current entry ['wp', person]: the contract and the join time, its queue and history keys. */
interface CurrentOf {
  contractId: string;
  joinedAt: string;
}

/** The value of a current queue entry ['wq', contract, joinedAt, person]. */
interface QueueEntry {
  recordedAt: number;
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
  tx.remove(k.queue(cur.contractId, cur.joinedAt, personId));
  tx.remove(k.current(personId));
  tx.put(k.count(cur.contractId), Math.max(0, (tx.get<number>(k.count(cur.contractId)) ?? 1) - 1));
  const h = tx.get<HistoryEntry>(k.hist(cur.contractId, cur.joinedAt, personId));
  if (h)
    tx.put(k.hist(cur.contractId, cur.joinedAt, personId), {
      ...h,
      left: { on, recordedAt: r, reason },
    } satisfies HistoryEntry);
}

function join(tx: ReadModelTx, d: WaitingListJoined['data'], r: number): void {
  const cur = tx.get<CurrentOf>(k.current(d.personId));
  if (cur?.contractId === d.contractId && cur.joinedAt === d.joinedAt) return;
  if (cur) leave(tx, d.personId, osloDate(Date.parse(d.joinedAt)), 'REPLACED', r); // R21 / R26
  tx.put(k.queue(d.contractId, d.joinedAt, d.personId), { recordedAt: r } satisfies QueueEntry);
  tx.put(k.hist(d.contractId, d.joinedAt, d.personId), { recordedAt: r, left: null } satisfies HistoryEntry);
  tx.put(k.current(d.personId), { contractId: d.contractId, joinedAt: d.joinedAt } satisfies CurrentOf);
  tx.put(k.count(d.contractId), (tx.get<number>(k.count(d.contractId)) ?? 0) + 1);
}

function left(tx: ReadModelTx, d: WaitingListLeft['data'], r: number): void {
  const cur = tx.get<CurrentOf>(k.current(d.personId));
  if (cur && cur.contractId === d.contractId) leave(tx, d.personId, d.on, d.reason, r);
}

export const waitingListsProjection: ProjectionDefinition = {
  name: WAITING_LISTS,
  // v2: readable field names in stored documents (recordedAt, contractId, joinedAt, nin), so the copy is rebuilt.
  version: 2,
  // Every row changed is put again, and no object is changed after its put.
  writeBack: true,
  // A first build holds the queue, history, current and count rows in memory (each batch in the
  // waiting-list years touched rows all over them, and its commit rewrote a page for each); the nin
  // rows, written once per person, stay in the read model.
  holdInFirstBuild: { prefixes: ['wq', 'wh', 'wp', 'wc'] },
  eventTypes: ['PersonRegistered', 'PersonNinChanged', 'WaitingListJoined', 'WaitingListLeft'],
  evolve(tx: ReadModelTx, recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    const r = recordTimeOf(recorded);
    switch (event.type) {
      case 'PersonRegistered':
        tx.put(k.nin(event.data.personId), [{ nin: event.data.nin, recordedAt: r }] satisfies NinHistory);
        return;
      case 'PersonNinChanged':
        tx.put(k.nin(event.data.personId), [
          ...(tx.get<NinHistory>(k.nin(event.data.personId)) ?? []),
          { nin: event.data.newNin, recordedAt: r },
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

/**
 * The queue of a contract in order; `at`/`asOf` replay it from the history. The keys sort by the
 * text of joinedAt, which differs from the instant when joins carry different UTC offsets, so the
 * entries are put in turn as the daily job promotes them (R23, the domain's waitingInTurn): by the
 * instant of joining, then by person.
 */
export function waitingList(
  r: ReadModelReader,
  contractId: string,
  opts: { at?: string; asOf?: AsOf } = {},
): WaitingEntry[] {
  const found: { personId: string; joinedAt: string; instant: number }[] = [];
  const nin = (p: string): string => {
    const hist = r.get<NinHistory>(k.nin(p)) ?? [];
    let n = hist[0]?.nin ?? '';
    for (const e of hist) if (known(e.recordedAt, opts.asOf)) n = e.nin;
    return n;
  };
  const add = (joinedAt: string, personId: string) =>
    found.push({ personId, joinedAt, instant: Date.parse(joinedAt) });
  if (opts.at === undefined && opts.asOf === undefined) {
    for (const { key } of r.range({ start: ['wq', contractId], end: ['wq', contractId, HIGH] })) {
      const [, , j, p] = key as string[];
      add(j, p);
    }
  } else {
    for (const { key, value } of r.range<HistoryEntry>({
      start: ['wh', contractId],
      end: ['wh', contractId, HIGH],
    })) {
      const [, , j, p] = key as string[];
      if (onListAt(j, value, opts.at, opts.asOf)) add(j, p);
    }
  }
  found.sort(
    (a, b) => a.instant - b.instant || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
  );
  return found.map((e) => ({ nin: nin(e.personId), joinedAt: e.joinedAt }));
}

function onListAt(joinedAt: string, h: HistoryEntry, at: string | undefined, asOf: AsOf): boolean {
  if (!known(h.recordedAt, asOf)) return false;
  if (at !== undefined && osloDate(Date.parse(joinedAt)) > at) return false;
  const l = h.left && known(h.left.recordedAt, asOf) ? h.left : null;
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
