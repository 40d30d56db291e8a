import type { BusinessDate, Relationship } from '../../events';

/** R34a/R37: a doctor period on the list: LPFL fastlege, or LPVI vikar (SetSubstitute). */
export interface StartDoctorPeriod {
  readonly type: 'StartDoctorPeriod';
  readonly periodId: string;
  readonly hpr: number;
  readonly relationship: Relationship;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
  readonly substituteForHpr: number | null;
  readonly workingPercentage: number | null;
}

/** Facts from outside the contract stream: which HPR numbers of the command are registered GPs. */
export interface StartDoctorPeriodFacts {
  readonly registeredGps: readonly number[];
}
