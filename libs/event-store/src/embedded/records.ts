import type { RecordedEvent } from '../port';

/** The compact stored form of an event in the global log (msgpack via lmdb's encoder, shared structures). */
export interface StoredRecord {
  /** event id */
  readonly i: string;
  /** event type */
  readonly t: string;
  /** data: JSON value, or bytes when j is false */
  readonly d: unknown;
  /** metadata */
  readonly m: Record<string, unknown>;
  /** stream */
  readonly s: string;
  /** revision in the stream */
  readonly r: number;
  /** recordedAt, epoch milliseconds */
  readonly a: number;
  /** isJson */
  readonly j: boolean;
}

/** Per-stream state. `l` last revision (-1 none), `t` first visible revision, `d` soft-deleted, `x` tombstoned. */
export interface StreamState {
  readonly l: number;
  readonly t: number;
  readonly d: boolean;
  readonly x: boolean;
}

export const NO_STREAM_STATE: StreamState = { l: -1, t: 0, d: false, x: false };

/** Where an event id was written (from the id index and the log): exact idempotency, never forgets. */
export type IdEntry = [stream: string, revision: number, position: number];

export function toRecordedEvent(position: number, record: StoredRecord): RecordedEvent {
  return {
    id: record.i,
    type: record.t,
    data: record.d,
    metadata: record.m,
    stream: record.s,
    revision: BigInt(record.r),
    position: BigInt(position),
    recordedAt: new Date(record.a),
    isJson: record.j,
  };
}
