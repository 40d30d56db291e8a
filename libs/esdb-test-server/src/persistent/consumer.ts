import type { ResolvedRead } from '../node';

/** A message the group hands out: the stored record (the link when resolved) and its retry count. */
export interface Message {
  readonly read: ResolvedRead;
  /** What clients ack: the link's id when resolved, else the event's. */
  readonly id: string;
  /** Revision in the source stream, or the `$all` position. */
  readonly sequence: bigint;
  retryCount: number;
  /** False for messages replayed from the parked stream: they never move the checkpoint. */
  readonly tracked: boolean;
}

/** One connected subscriber of a group (one PersistentSubscriptions/Read call). */
export interface Consumer {
  readonly id: number;
  readonly from: string;
  readonly username: string;
  readonly connectionName: string;
  readonly bufferSize: number;
  inFlight: number;
  totalItems: number;
  countSinceLastMeasurement: number;
  /** Ack latencies in ms, for extra statistics. */
  readonly latencies: number[];
  send(message: Message): void;
  drop(error?: unknown): void;
}

/** The latency distribution EventStoreDB reports as observed measurements (extraStatistics). */
export function measurements(latencies: readonly number[]): [string, number][] {
  if (latencies.length === 0) return [];
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length);
  return [
    ['Mean', mean],
    ['Median', at(0.5)],
    ['Fastest', sorted[0]!],
    ['Quintile 1', at(0.2)],
    ['Quintile 2', at(0.4)],
    ['Quintile 3', at(0.6)],
    ['Quintile 4', at(0.8)],
    ['Quintile 5', sorted.at(-1)!],
    ['90', at(0.9)],
    ['95', at(0.95)],
    ['99', at(0.99)],
    ['99.5', at(0.995)],
    ['99.9', at(0.999)],
    ['Highest', sorted.at(-1)!],
  ];
}
