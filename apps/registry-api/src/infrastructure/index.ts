export * from './auth';
export * from './infrastructure.module';
export * from './logger';
export * from './validation';
