import type { BusinessDate } from '../../events';

/**
 * §4.5 the nightly job as of `date`: list status (R14), children with a parent (R10/R11/R13a),
 * unassigned residents longest waiting first (R7/R8), waiting lists first come first served
 * (R22/R23), the age-16 letter (R12). It acts on facts registered up to the end of `date` (API.md).
 */
export interface RunDailyJob {
  readonly type: 'RunDailyJob';
  readonly date: BusinessDate;
}
