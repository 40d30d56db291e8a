export { EsdbEventStore, openEsdbEventStore } from './esdb-event-store';
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
