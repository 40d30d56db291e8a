export * from './run-daily-job/run-daily-job.command';
export * from './run-daily-job/unassigned';
export * from './run-daily-job/plan-placements';
