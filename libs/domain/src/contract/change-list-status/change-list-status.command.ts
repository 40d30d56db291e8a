import type { BusinessDate, ListStatus } from '../../events';

/** R14: open, closed or locked; by hand (Helfo) or by the daily job. */
export interface ChangeListStatus {
  readonly type: 'ChangeListStatus';
  readonly status: ListStatus;
  readonly by: 'manual' | 'daily-job';
  /** The date the status holds from (registration date, or the daily job's date). */
  readonly on: BusinessDate;
}
