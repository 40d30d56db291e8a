export * from './errors';
export * from './registry';
export * from './runtime';
export { type InstanceRef, instanceId } from './storage';
export { snapshotPath } from './memory-snapshot';
export * from './types';
export { LmdbReadModelTx } from './read-model';
export { appliesTo } from './worker';
