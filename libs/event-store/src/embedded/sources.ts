import { StreamDeletedError } from '../errors';
import { compileFilter } from '../filter';
import type { SubscribeToAllOptions, SubscribeToStreamOptions, SubscriptionMessage } from '../port';
import type { StoreDatabases } from './lmdb-env';
import { LogReadAhead, READ_AHEAD_MIN_EVENTS } from './read-ahead';
import { NO_STREAM_STATE, type StoredRecord, toRecordedEvent } from './records';
import { READ_BATCH } from './reads';
import { positionAt, positionsForward } from './stream-index';
import { checkpoint, type SubscriptionSource } from './subscription';

const DEFAULT_CHECKPOINT_INTERVAL = 32;

/**
 * `$all` from an exclusive position. With a filter, a checkpoint follows every `checkpointInterval`
 * considered events (matching or not) and the end of catch-up (ESDB-PROTOCOL §2.6). A subscription
 * at least `readAheadMin` events behind the head (a read model rebuilt from the start) has a thread
 * read the log ahead of its catch-up (read-ahead.ts) until it has caught up or is stopped.
 */
export function allSource(
  dbs: StoreDatabases,
  head: number,
  options: SubscribeToAllOptions,
  readAheadMin = READ_AHEAD_MIN_EVENTS,
): SubscriptionSource {
  const predicate = compileFilter(options.filter);
  const interval = Math.max(1, Math.floor(options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL));
  const from = options.fromPosition ?? 'start';
  let last = from === 'start' ? 0 : from === 'end' ? head : Number(from);
  let considered = 0;
  const ahead = head - last >= readAheadMin ? new LogReadAhead(dbs.path, last + 1) : null;
  return {
    pull() {
      const out: SubscriptionMessage[] = [];
      let read = 0;
      for (const { key, value } of dbs.log.getRange({ start: last + 1, limit: READ_BATCH })) {
        read++;
        last = key;
        if (!predicate) {
          out.push({ kind: 'event', event: toRecordedEvent(key, value) });
          continue;
        }
        if (predicate(value.s, value.t)) out.push({ kind: 'event', event: toRecordedEvent(key, value) });
        if (++considered % interval === 0) out.push(checkpoint(BigInt(key)));
      }
      ahead?.reached(last);
      return read > 0 ? out : null;
    },
    caughtUp() {
      ahead?.close();
      const position = BigInt(last);
      const caughtUp: SubscriptionMessage = { kind: 'caughtUp', position };
      return predicate ? [checkpoint(position), caughtUp] : [caughtUp];
    },
    close() {
      ahead?.close();
    },
  };
}

/** One stream from an exclusive revision; a tombstoned stream fails with StreamDeletedError. */
export function streamSource(
  dbs: StoreDatabases,
  stream: string,
  options: SubscribeToStreamOptions,
): SubscriptionSource {
  const initial = dbs.streams.get(stream) ?? NO_STREAM_STATE;
  if (initial.x) throw new StreamDeletedError(stream);
  const from = options.fromRevision ?? 'start';
  let last = from === 'start' ? -1 : from === 'end' ? initial.l : Number(from);
  let lastPosition = last >= 0 ? (positionAt(dbs, stream, last) ?? 0) : 0;
  return {
    pull() {
      const state = dbs.streams.get(stream) ?? NO_STREAM_STATE;
      if (state.x) throw new StreamDeletedError(stream);
      last = Math.max(last, state.t - 1); // revisions hidden by a soft delete are skipped
      if (last >= state.l) return null;
      const out: SubscriptionMessage[] = [];
      for (const [, position] of positionsForward(dbs, stream, last + 1, state.l, READ_BATCH)) {
        const record = dbs.log.get(position) as StoredRecord;
        last = record.r;
        lastPosition = position;
        out.push({ kind: 'event', event: toRecordedEvent(position, record) });
      }
      return out.length > 0 ? out : null;
    },
    caughtUp() {
      return [{ kind: 'caughtUp', position: BigInt(lastPosition) }];
    },
  };
}
