export * from './refusals';
export * from './dated';
