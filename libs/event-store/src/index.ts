export * from './batch-iterable';
export * from './embedded';
export * from './errors';
export * from './filter';
export * from './port';
export * from './validation';
export * from './esdb';
