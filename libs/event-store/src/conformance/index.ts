export { type ConformanceOptions, describeEventStoreConformance } from './describe-conformance';
export {
  anEvent,
  type ConformanceHarness,
  type HarnessFactory,
  someEvents,
  SubscriptionProbe,
  uniqueStream,
} from './harness';
