import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One read of person data. The person is the audit pseudonym, never the identity number. */
export interface AuditRecord {
  readonly at: string;
  /**
   * Who read: the caller's system identity on the API (OIDC client id, `token:<n>`, or `loopback` with
   * authentication off); `cli:<user>` for the command line.
   */
  readonly consumer: string;
  /** The route template and method (`GET /v1/persons/:nin/gp`), or the command (`flr query gp-at`). */
  readonly query: string;
  /** `at` / `asOf` of the question, when given. */
  readonly params: Readonly<Record<string, string>>;
  /** Audit pseudonym of the person read; absent for a whole-list read (see `contract`). */
  readonly person?: string;
  /** For a list read (patients, waiting list): the contract whose persons were read. */
  readonly contract?: string;
  /** Whether the data was returned, or the request refused (bad input, unknown person, ...). */
  readonly outcome: 'answered' | 'refused';
}

/** The append-only log of reads of a register folder: `<dataDir>/audit/reads.ndjson`. */
export function readAuditPath(dataDir: string): string {
  return join(dataDir, 'audit', 'reads.ndjson');
}

/**
 * Appends `records` to the register's read audit and syncs them before returning: what a one-shot
 * process (the command line) calls before it shows what it read. The API's AuditLog groups its lines
 * per event-loop turn instead (apps/registry-api/src/security/audit.ts); both append with O_APPEND,
 * so their lines never interleave inside a line.
 */
export function appendReadAudit(dataDir: string, records: readonly AuditRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(join(dataDir, 'audit'), { recursive: true, mode: 0o700 });
  const fd = openSync(readAuditPath(dataDir), 'a', 0o600);
  try {
    const bytes = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
