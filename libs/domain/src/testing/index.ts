// Test vocabulary for the domain's deciders: imported from `@flr/domain/testing` by specs only, never
// from the production barrel.
export * from './decider-spec';
