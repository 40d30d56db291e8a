import { UsageError } from '../shared/cli-errors';
import type { StatsRange } from './register-stats';

/** The range options of stats, chart and report, as parsed. */
export interface StatsRangeOptions {
  from?: string;
  to?: string;
  every?: StatsRange['every'];
}

/** The run's date in UTC: by default a series reaches the day it is computed, never a fixed year. */
export function runDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The series asked for: from 2002-01-01 (the scheme's first New Year) to the run's date by default. */
export function statsRange(options: StatsRangeOptions, today = runDate()): StatsRange {
  const range = {
    from: options.from ?? '2002-01-01',
    to: options.to ?? today,
    every: options.every ?? 'year',
  };
  if (range.to < range.from)
    throw new UsageError(
      options.to === undefined
        ? `--from must not be after today (${today}), the default --to`
        : '--to must not be before --from',
    );
  return range;
}
