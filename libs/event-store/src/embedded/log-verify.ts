import { createHash } from 'node:crypto';
import { lastPosition, openDatabases, type StoreDatabases } from './lmdb-env';
import type { RecordedEvent } from '../port';
import { type StoredRecord, toRecordedEvent } from './records';
import { streamsIndexedUpTo } from './stream-buffer';
import { positionAt } from './stream-index';

/** What `verifyEventLog` found: the log's extent, its checksum and every inconsistency (none when sound). */
export interface LogVerification {
  /** Highest position checked (the log's head, or `upTo`). */
  readonly head: number;
  readonly events: number;
  readonly streams: number;
  /** sha256 over every event up to `head` in position order (`recordDigestLine`), hex. */
  readonly checksum: string;
  /**
   * Position up to which the stream index and stream states were checked: the head, unless a bulk import
   * is running or its writer was killed, whose held-back entries (stream-buffer.ts) the next writer merges.
   */
  readonly streamIndexUpTo: number;
  /** Human-readable problems, at most `MAX_PROBLEMS`; empty when the log is sound. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 50;

/**
 * The canonical text of one stored event that the checksum covers: every field a reader sees.
 * Binary data is hashed as base64 so the line stays text.
 */
function recordDigestLine(position: number, record: StoredRecord): string {
  const data = record.j ? JSON.stringify(record.d) : Buffer.from(record.d as Uint8Array).toString('base64');
  return `${position}\t${record.i}\t${record.t}\t${record.s}\t${record.r}\t${record.a}\t${record.j ? 1 : 0}\t${data}\t${JSON.stringify(record.m)}\n`;
}

/**
 * Checks the log of an embedded store: positions 1..head without a gap, every record decodes and
 * names a stream and a revision, each stream's revisions run 0, 1, 2, ... in log order, the stream
 * index points every (stream, revision) at its position (up to `streamIndexUpTo`: what a running or
 * killed bulk import holds back is not there yet), and each stream's state ends at its last
 * revision. It reads one LMDB snapshot and takes no write lock: safe beside a running writer.
 */
export function verifyDatabases(dbs: StoreDatabases, upTo?: number): LogVerification {
  const problems: string[] = [];
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  // One read snapshot for the whole check: never a write transaction, which would stall the writer.
  dbs.env.resetReadTxn();
  const transaction = dbs.env.useReadTransaction();
  try {
    const storeHead = lastPosition(dbs, transaction);
    const head = upTo === undefined ? storeHead : Math.min(upTo, storeHead);
    if (upTo !== undefined && upTo > storeHead)
      report(`the log ends at ${storeHead}, before position ${upTo}`);
    const indexedUpTo = streamsIndexedUpTo(dbs, storeHead, transaction);
    const hash = createHash('sha256');
    const lastRevision = new Map<string, number>();
    let expected = 1;
    let events = 0;
    for (const { key, value } of dbs.log.getRange({ start: 1, end: head + 1, transaction })) {
      const position = key as number;
      if (position !== expected) report(`positions ${expected}..${position - 1} are missing`);
      expected = position + 1;
      events++;
      const record = value as StoredRecord | undefined;
      if (
        !record ||
        typeof record.s !== 'string' ||
        typeof record.i !== 'string' ||
        !Number.isInteger(record.r)
      ) {
        report(`position ${position} does not hold a readable event`);
        continue;
      }
      hash.update(recordDigestLine(position, record));
      const previous = lastRevision.get(record.s) ?? -1;
      if (record.r !== previous + 1)
        report(
          `stream ${record.s}: revision ${record.r} at position ${position} follows revision ${previous}`,
        );
      lastRevision.set(record.s, record.r);
      if (position > indexedUpTo) continue;
      const indexed = positionAt(dbs, record.s, record.r, transaction);
      if (indexed !== position)
        report(
          `stream index: ${record.s}@${record.r} points at ${indexed ?? 'nothing'}, the log has it at ${position}`,
        );
    }
    if (expected !== head + 1) report(`positions ${expected}..${head} are missing`);
    if (upTo === undefined && indexedUpTo >= head) {
      for (const [stream, revision] of lastRevision) {
        const state = dbs.streams.get(stream, { transaction });
        if (!state || state.l !== revision)
          report(
            `stream ${stream}: its state says revision ${state?.l ?? 'none'}, the log ends at ${revision}`,
          );
      }
    }
    const streams = lastRevision.size;
    const streamIndexUpTo = Math.min(indexedUpTo, head);
    return { head, events, streams, checksum: hash.digest('hex'), streamIndexUpTo, problems };
  } finally {
    transaction.done();
  }
}

/** Opens the store at `path` (read only use), verifies its log up to `upTo` (default: all) and closes it. */
export async function verifyEventLog(path: string, upTo?: number): Promise<LogVerification> {
  const dbs = openDatabases(path);
  try {
    return verifyDatabases(dbs, upTo);
  } finally {
    await dbs.env.close();
  }
}

/**
 * Reads the log of the store at `path` from position 1 to `upTo` in one LMDB read snapshot, handing
 * `visit` the events in position order, `batch` at a time. Read only: no write lock, no file written
 * (a backup's bytes stay as its manifest says).
 */
export async function readEventLog(
  path: string,
  upTo: number,
  visit: (events: RecordedEvent[]) => void,
  batch = 5000,
): Promise<number> {
  const dbs = openDatabases(path);
  try {
    dbs.env.resetReadTxn();
    const transaction = dbs.env.useReadTransaction();
    try {
      let events: RecordedEvent[] = [];
      let read = 0;
      for (const { key, value } of dbs.log.getRange({ start: 1, end: upTo + 1, transaction })) {
        events.push(toRecordedEvent(key as number, value as StoredRecord));
        read++;
        if (events.length >= batch) {
          visit(events);
          events = [];
        }
      }
      if (events.length > 0) visit(events);
      return read;
    } finally {
      transaction.done();
    }
  } finally {
    await dbs.env.close();
  }
}
