export {
  EmbeddedEventStore,
  type EmbeddedEventStoreOptions,
  openEmbeddedEventStore,
  openEmbeddedEventStoreImpl,
} from './embedded-event-store';
