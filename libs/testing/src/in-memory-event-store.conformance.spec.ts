import { describeEventStoreConformance } from '@flr/event-store/testing';
import { InMemoryEventStore } from './in-memory-event-store';

// Every write-side spec runs on this store, so it must keep the port's contract as the real stores do.
// It holds nothing across a restart, so the restart cases are not its to pass.
describeEventStoreConformance('in-memory (libs/testing)', async () => {
  const store = new InMemoryEventStore();
  return {
    store,
    async cleanup() {
      await store.close();
    },
  };
});
