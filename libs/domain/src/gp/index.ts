export * from './gp.decider';
