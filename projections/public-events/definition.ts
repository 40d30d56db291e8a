import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import type { Key, ProjectionDefinition, ReadModelReader, ReadModelTx } from '../shared/read-model';
import { CompactRowStore } from '../shared/held-row-store';
import { recordTimeOf } from '../shared/record-time';
import { mapEvent } from './mapping';
import {
  FEED_END,
  type FeedRow,
  feedRow,
  keyAfter,
  PERSON_ROW_PREFIX,
  WAITING_ROW_PREFIX,
  parseFeedPosition,
  publicEventOfRow,
  pubKeys,
  sameSource,
  type StoredPublicEvent,
} from './model';

export const PUBLIC_EVENTS = 'public-events';

export const publicEventsProjection: ProjectionDefinition = {
  name: PUBLIC_EVENTS,
  // v2: GPs are followed from their registration (GPUpdated bodies), so the copy is rebuilt once.
  // v3: a renumbering's ContractUpdated carries changesValidFrom; contracts created after a recorded
  // renumbering follow it (the renumberings are kept under ['xr', old number]).
  // v4: a corrected renumbering's ContractUpdated carries changesValidFrom too.
  // v5: the public events under ['z', P, i], after every state row, appended in log order (pages filled
  // in order, not split in half: about half the size), and the state rows written once per batch.
  // v6: the person rows (['xp', personId]) stored as compact bytes (person-row-codec.ts), a third of
  // their msgpack size: at national size they no longer fit in the page cache beside the log.
  // v7: a public event's row is [type number, record time in ms, body] (model.ts FeedRow), its position
  // and the record time's text made when read, under ['z', P, i] with P a number (was 20 digits):
  // about a third fewer bytes a row.
  version: 7,
  writeBack: true,
  // The person rows (one per person ever registered, read and written by most events) stay in the
  // build thread's memory during a first build and are written once at its end: at national size
  // rewriting them batch after batch made the build wait on the disk (stop 26: 4 k events/s at the end).
  // So do the waiting rows (['xw', personId]: the contract whose list the person waits for), which the
  // waiting-list years put and remove all over their tree, batch after batch.
  holdInFirstBuild: [
    { prefix: PERSON_ROW_PREFIX, create: () => new CompactRowStore() },
    { prefixes: [WAITING_ROW_PREFIX] },
  ],
  // Measured at 300,000 persons: about 4 times the directory's and the waiting lists' builds together.
  rebuildWeight: 4,
  eventTypes: [
    'PersonRegistered',
    'PersonNinChanged',
    'ContractCreated',
    'ListCeilingChanged',
    'ListStatusChanged',
    'ContractCanceled',
    'MunicipalityRenumbered',
    'WaitingListJoined',
    'WaitingListLeft',
    'DoctorPeriodStarted',
    'DoctorPeriodEnded',
    'PatientListed',
    'PatientUnlisted',
    'PendingListingWithdrawn',
    'FactAnnulled',
    'PatientUnlistingAnnulled',
    'ContractDetailsUpdated',
    'GpRegistered',
    'GpDetailsUpdated',
    'MunicipalityRenumberingAnnulled',
  ],
  evolve(tx: ReadModelTx, recorded: RecordedEvent): void {
    const recordedAt = recordTimeOf(recorded);
    let i = 0;
    // Each row is put as its body is emitted: the store serialises it then, so a mapper may change the
    // same object after emitting it (ReadModelTx.append).
    mapEvent(tx, recorded as unknown as RegisterEvent, (type, data) =>
      tx.append(pubKeys.event(recorded.position, i++), feedRow(type, recordedAt, data)),
    );
  },
};

/** Public events after `from` (exclusive; null = from the start), at most `limit`. */
export function readFeed(r: ReadModelReader, from: string | null, limit: number): StoredPublicEvent[] {
  const pos = from === null ? null : parseFeedPosition(from);
  const out: StoredPublicEvent[] = [];
  // One row more than asked for: a row's position says whether a later row of its source follows.
  // A source's rows are committed together, so a row with none after it in the snapshot is its last.
  let previous: { key: Key; value: FeedRow } | null = null;
  for (const row of r.range<FeedRow>({ start: keyAfter(pos), end: FEED_END, limit: limit + 1 })) {
    if (previous) out.push(publicEventOfRow(previous.key, previous.value, sameSource(previous.key, row.key)));
    previous = row;
  }
  if (previous && out.length < limit) out.push(publicEventOfRow(previous.key, previous.value, false));
  return out;
}

export { parseFeedPosition };

/**
 * A deep copy of a JSON body (objects, arrays, strings, numbers, booleans, null): what structuredClone
 * gives for such a value, without its serialisation (it was 6 % of the feed's rebuild).
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}
