export * from './config';
export * from './tokens';
export * from './write';
export * from './read-audit';
