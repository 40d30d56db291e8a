export { EsdbEventStore, openEsdbEventStore } from './esdb-event-store';
