export { EsdbEventStore, openEsdbEventStore } from './esdb-event-store';
export {
  DEFAULT_WRITER_LEASE_MS,
  WRITER_LEASE_EVENT,
  WRITER_LEASE_STREAM,
  WriterLease,
  type WriterLeaseOptions,
  type WriterLeaseRecord,
} from './writer-lease';
