export * from './definition';
export * from './evolve';
export { LinkIndex } from './model';
export * from './lists';
export * from './queries';
export { decodeLinkIndex, encodeLinkIndex } from './snapshot';
export * from './facade';
