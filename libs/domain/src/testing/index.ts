// Test vocabulary for the domain's deciders: imported from `@flr/domain/testing` by specs only, never
// from the production barrel.
export * from './decider-spec';
export * from './person-commands';
export * from './person-events';
export * from './person-spec';
export * from './contract-spec';
