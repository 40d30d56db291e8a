import { createHash } from 'node:crypto';
import type { BulkImportEvent } from '../bulk-import';

export interface ImportInputOptions {
  readonly events: number;
  readonly streams: number;
  /** Ids in increasing order (as the generator makes them) or scattered like random uuids. */
  readonly orderedIds: boolean;
}

/** The n-th input event's id: a counter, or a hash of it (valid uuid shape either way). */
export function inputId(n: number, ordered: boolean): string {
  const hex = ordered
    ? n.toString(16).padStart(32, '0')
    : createHash('sha256').update(`import-${n}`).digest('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * A deterministic import input for the kill -9 trials: the same events in the same order on every
 * run, spread over many streams (each stream's events in input order), a few hundred bytes each.
 */
export function* importInput({
  events,
  streams,
  orderedIds,
}: ImportInputOptions): Generator<BulkImportEvent> {
  for (let n = 0; n < events; n++) {
    const stream = `import-${(n * 7919) % streams}`;
    yield {
      stream,
      id: inputId(n, orderedIds),
      type: n % 3 === 0 ? 'PatientListed' : 'PersonMoved',
      data: { n, from: '2016-11-01', municipality: String(301 + (n % 300)), note: 'x'.repeat(n % 64) },
      metadata: { actor: 'import-test', registeredAt: '2016-10-30T12:00:00.000Z' },
    };
  }
}
