export * from './in-memory-event-store';
export * from './generator';
export * from './given-when-then';
