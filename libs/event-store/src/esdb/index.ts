import type { EventStore } from '../port';

export type { EsdbEventStore } from './esdb-event-store';

/**
 * Connects to EventStoreDB. The adapter (and with it the gRPC client, a few hundred milliseconds of
 * module loading) is loaded on the first call, so a register on its embedded store never loads it.
 */
export async function openEsdbEventStore(connectionString: string): Promise<EventStore> {
  const adapter = await import('./esdb-event-store');
  return adapter.openEsdbEventStore(connectionString);
}
export {
  DEFAULT_WRITER_LEASE_MS,
  WRITER_LEASE_EVENT,
  WRITER_LEASE_STREAM,
  WriterLease,
  parseWriterLeaseSettings,
  type WriterLeaseOptions,
  type WriterLeaseSettings,
  type WriterLeaseRecord,
} from './writer-lease';
