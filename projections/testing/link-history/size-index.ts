import type { ReadModelReader, ReadModelTx } from '../../shared/read-model';
import { dayNumber } from '../../shared/dates';
import { keys } from './model';

/**
 * Cumulative list size per contract: key ['s', c, -day] holds the size from that day on, so the
 * size at D is the first entry at or after -day(D). A change to a link adds ±1 on `[from, to)`:
 * it touches only the boundary keys at or after `from`, which in a history imported in time
 * order are the newest few.
 */
export function sizeAt(r: ReadModelReader, contractId: string, date: string): number {
  for (const { value } of r.range<number>({
    start: keys.size(contractId, date),
    end: keys.sizeCeil(contractId),
    limit: 1,
  }))
    return value;
  return 0;
}

export function addToSize(
  tx: ReadModelTx,
  contractId: string,
  from: string,
  to: string | null,
  delta: number,
): void {
  if (to !== null && to <= from) return;
  ensureBoundary(tx, contractId, from);
  if (to !== null) ensureBoundary(tx, contractId, to);
  const start = to === null ? keys.sizeFloor(contractId) : ['s', contractId, -dayNumber(to) + 1];
  const end = ['s', contractId, -dayNumber(from) + 1];
  const touched: [number, number][] = [];
  for (const { key, value } of tx.range<number>({ start, end })) touched.push([(key as number[])[2], value]);
  for (const [neg, value] of touched) {
    if (value + delta === 0 && isRedundantZero(tx, contractId, neg)) tx.remove(['s', contractId, neg]);
    else tx.put(['s', contractId, neg], value + delta);
  }
}

function ensureBoundary(tx: ReadModelTx, contractId: string, date: string): void {
  const key = keys.size(contractId, date);
  if (tx.get<number>(key) === undefined) tx.put(key, sizeAt(tx, contractId, date));
}

/** A zero with nothing before it (older days) says nothing the absence of a key would not. */
function isRedundantZero(tx: ReadModelTx, contractId: string, neg: number): boolean {
  for (const _ of tx.range({ start: ['s', contractId, neg + 1], end: keys.sizeCeil(contractId), limit: 1 }))
    return false;
  return true;
}
