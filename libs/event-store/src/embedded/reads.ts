import { BatchIterable, type BatchSource } from '../batch-iterable';
import { StreamDeletedError, StreamNotFoundError } from '../errors';
import { compileFilter } from '../filter';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../port';
import { lastPosition, type StoreDatabases } from './lmdb-env';
import { LogReadAhead, READ_AHEAD_MIN_EVENTS } from './read-ahead';
import { NO_STREAM_STATE, type StoredRecord, toRecordedEvent } from './records';
import { positionsBackward, positionsForward } from './stream-index';

/** Events decoded per synchronous LMDB range read. */
export const READ_BATCH = 512;
const MAX_KEY = Number.MAX_SAFE_INTEGER;

function limitOf(maxCount: number | undefined): number {
  return maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(maxCount));
}

function toNumber(value: bigint, fallback: number): number {
  return value > BigInt(MAX_KEY) ? fallback : value < 0n ? -1 : Number(value);
}

/**
 * `$all` forwards or backwards from an inclusive position, filtered, at most maxCount events. With
 * `readAhead`, a forward read with at least `readAheadMin` events ahead of it has a thread read the
 * log ahead of it (read-ahead.ts), closed when the read ends or is dropped.
 */
export function readAll(
  dbs: StoreDatabases,
  options: ReadAllOptions = {},
  readAheadMin = READ_AHEAD_MIN_EVENTS,
): BatchIterable<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  const predicate = compileFilter(options.filter);
  return new BatchIterable(() => {
    let remaining = limitOf(options.maxCount);
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    // cursor: the next key to read (inclusive)
    let cursor =
      from === 'start' ? (backwards ? 0 : 1) : from === 'end' ? (backwards ? MAX_KEY : MAX_KEY) : 0;
    if (typeof from === 'bigint') cursor = toNumber(from, MAX_KEY);
    let exhausted = false;
    const ahead =
      options.readAhead && !backwards && Math.min(remaining, lastPosition(dbs) - cursor) >= readAheadMin
        ? new LogReadAhead(dbs.path, cursor)
        : null;
    const next: BatchSource<RecordedEvent> = () => {
      while (!exhausted && remaining > 0) {
        const out: RecordedEvent[] = [];
        let read = 0;
        const range = backwards
          ? dbs.log.getRange({ start: cursor, end: 0, reverse: true, limit: READ_BATCH })
          : dbs.log.getRange({ start: cursor, limit: READ_BATCH });
        for (const { key, value } of range) {
          read++;
          cursor = backwards ? key - 1 : key + 1;
          if (predicate && !predicate(value.s, value.t)) continue;
          out.push(toRecordedEvent(key, value));
          if (--remaining === 0) break;
        }
        if (read < READ_BATCH || cursor < 1) exhausted = true;
        ahead?.reached(cursor);
        if (out.length > 0) return out;
      }
      return null;
    };
    if (ahead) next.close = () => ahead.close();
    return next;
  });
}

/** A stream forwards or backwards from an inclusive revision; StreamNotFound / StreamDeleted when hidden. */
export function readStream(
  dbs: StoreDatabases,
  stream: string,
  options: ReadStreamOptions = {},
): BatchIterable<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  return new BatchIterable(() => {
    const state = dbs.streams.get(stream) ?? NO_STREAM_STATE;
    if (state.x) throw new StreamDeletedError(stream);
    if (state.l < 0 || state.d) throw new StreamNotFoundError(stream);
    let remaining = limitOf(options.maxCount);
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let cursor = from === 'start' ? 0 : from === 'end' ? state.l : toNumber(from, MAX_KEY);
    if (backwards) cursor = Math.min(cursor, state.l);
    else cursor = Math.max(cursor, state.t);
    return () => {
      if (remaining <= 0) return null;
      if (backwards ? cursor < state.t : cursor > state.l) return null;
      const count = Math.min(READ_BATCH, remaining);
      const out: RecordedEvent[] = [];
      const range = backwards
        ? positionsBackward(dbs, stream, cursor, state.t, count)
        : positionsForward(dbs, stream, cursor, state.l, count);
      for (const [, position] of range) {
        const record = dbs.log.get(position) as StoredRecord;
        out.push(toRecordedEvent(position, record));
        cursor = backwards ? record.r - 1 : record.r + 1;
      }
      remaining -= out.length;
      return out.length > 0 ? out : null;
    };
  });
}
