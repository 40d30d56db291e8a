export * from './definition';
export * from './model';
export * from './search';
export * from './timeline';
export * from './view';
