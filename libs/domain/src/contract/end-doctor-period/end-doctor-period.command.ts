import type { BusinessDate } from '../../events';

/** R34a: a doctor period ends (the half-open period's `to`); the list and its patients stay. */
export interface EndDoctorPeriod {
  readonly type: 'EndDoctorPeriod';
  readonly periodId: string;
  readonly to: BusinessDate;
}
