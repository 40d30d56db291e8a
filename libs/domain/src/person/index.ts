export * from './person.commands';
export * from './person.decider';
export { AGE_OF_SELF_DETERMINATION, effectiveDate } from './person.guards';
export * from './person.queries';
export * from './person.state';
