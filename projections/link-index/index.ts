export * from './definition';
export * from './evolve';
export { LinkIndex } from './model';
export * from './lists';
export * from './queries';
export { decodeLinkIndex, encodeLinkIndex } from './snapshot';
export { ninNumber, ninString } from './nin-table';
export * from './facade';
