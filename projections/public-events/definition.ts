import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import type { ProjectionDefinition, ReadModelReader, ReadModelTx } from '../shared/read-model';
import { CompactRowStore } from '../shared/held-row-store';
import { recordTimeOf } from '../shared/record-time';
import { mapEvent } from './mapping';
import {
  FEED_END,
  keyAfter,
  type PublicEventType,
  PERSON_ROW_PREFIX,
  WAITING_ROW_PREFIX,
  parseFeedPosition,
  pubKeys,
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
  version: 6,
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
    const out: { type: PublicEventType; data: object }[] = [];
    // Each body as it stands when emitted: a mapper may change the same object after emitting it.
    mapEvent(tx, recorded as unknown as RegisterEvent, (type, data) =>
      out.push({ type, data: copyJson(data) }),
    );
    const recordedAt = new Date(recordTimeOf(recorded)).toISOString();
    out.forEach((e, i) => {
      const position = i === out.length - 1 ? recorded.position.toString() : `${recorded.position}.${i}`;
      const stored: StoredPublicEvent = {
        position,
        type: e.type,
        schemaVersion: 1,
        data: e.data as Record<string, unknown>,
        recordedAt,
      };
      tx.append(pubKeys.event(recorded.position, i), stored);
    });
  },
};

/** Public events after `from` (exclusive; null = from the start), at most `limit`. */
export function readFeed(r: ReadModelReader, from: string | null, limit: number): StoredPublicEvent[] {
  const pos = from === null ? null : parseFeedPosition(from);
  const out: StoredPublicEvent[] = [];
  for (const { value } of r.range<StoredPublicEvent>({ start: keyAfter(pos), end: FEED_END, limit }))
    out.push(value);
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
