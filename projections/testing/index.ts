/** Test helpers of the read side (scenario builders, an in-memory read model); not for production code. */
export * from './history';
export * from './memory-read-model';
export * from './scenario';
export * from './random-history';
