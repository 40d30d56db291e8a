// Test code only: imported as `@flr/event-store/testing` by the adapters' specs, never from the
// production barrel (it registers jest describe/it blocks).
export { type ConformanceOptions, describeEventStoreConformance } from './describe-conformance';
export {
  anEvent,
  type ConformanceHarness,
  type HarnessFactory,
  someEvents,
  SubscriptionProbe,
  uniqueStream,
} from './harness';
