export * from './contract.commands';
export * from './contract.decider';
export * from './contract.state';
export * from './reduction-draw';
export * from './list-status';
