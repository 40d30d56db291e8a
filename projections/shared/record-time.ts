import type { RecordedEvent } from '@flr/event-store';

/**
 * Record time (DESIGN §3.4): when the register learned a fact. Imported history and backdated
 * corrections carry it in `metadata.registeredAt`; otherwise it is the log's own time.
 * Kept as epoch milliseconds so `asOf` comparisons in hot paths are number compares.
 */
export function recordTimeOf(event: RecordedEvent): number {
  const registeredAt = (event.metadata as { registeredAt?: unknown } | undefined)?.registeredAt;
  if (typeof registeredAt === 'string') {
    // Events of one command (and imported days) share their registeredAt: parse each text once.
    if (registeredAt === lastParsed.text) return lastParsed.ms;
    const ms = Date.parse(registeredAt);
    if (!Number.isNaN(ms)) {
      lastParsed = { text: registeredAt, ms };
      return ms;
    }
  }
  return event.recordedAt.getTime();
}

let lastParsed = { text: '', ms: Number.NaN };

/** `asOf` undefined = everything the register knows now. */
export type AsOf = number | undefined;

export function known(recordedMs: number, asOf: AsOf): boolean {
  return asOf === undefined || recordedMs <= asOf;
}

/** The last entry (in log order) of a revision list that was known at `asOf`. */
export function lastKnown<T extends { recordedAt: number }>(
  revisions: readonly T[] | undefined,
  asOf: AsOf,
): T | undefined {
  if (!revisions) return undefined;
  for (let i = revisions.length - 1; i >= 0; i--)
    if (known(revisions[i].recordedAt, asOf)) return revisions[i];
  return undefined;
}
