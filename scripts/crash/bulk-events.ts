import type { BulkImportEvent } from '@flr/event-store';

/** The uuid of bulk event `n`: fixed, so a re-run of the import after a kill finds what is already in. */
export function bulkEventId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `0b0b0b0b-0000-4000-8000-${hex}`;
}

/** `count` events over 97 streams, each with its number in its data. */
export function* bulkEvents(count: number): Generator<BulkImportEvent> {
  for (let n = 0; n < count; n++)
    yield { stream: `bulk-${n % 97}`, id: bulkEventId(n), type: 'BulkImported', data: { n } };
}
