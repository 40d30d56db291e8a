export * from './municipality.decider';
