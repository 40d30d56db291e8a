import type { BusinessDate, ListStatus, Relationship } from '../events';
import type { RegisterRules } from '../rules/settings';
import type { ReductionMember } from './reduction-draw';

export type ContractCommand =
  | {
      readonly type: 'CreateContract';
      readonly contractId: string;
      readonly municipality: string;
      readonly officeOrgNo: string;
      readonly maxPatients: number;
      readonly validFrom: BusinessDate;
      readonly commonList: boolean;
      readonly fixedSalary: boolean;
      readonly status: ListStatus;
    }
  | { readonly type: 'ChangeListCeiling'; readonly maxPatients: number }
  | { readonly type: 'ChangeListStatus'; readonly status: ListStatus; readonly by: 'manual' | 'daily-job' }
  | {
      readonly type: 'StartDoctorPeriod';
      readonly periodId: string;
      readonly hpr: number;
      readonly relationship: Relationship;
      readonly from: BusinessDate;
      readonly to: BusinessDate | null;
      readonly substituteForHpr: number | null;
      readonly workingPercentage: number | null;
    }
  | { readonly type: 'EndDoctorPeriod'; readonly periodId: string; readonly to: BusinessDate }
  | {
      readonly type: 'ReduceList';
      readonly reductionId: string;
      readonly count: number;
      readonly toContractId: string;
      readonly effectiveFrom: BusinessDate;
      readonly seed: string;
      /** Members on the list on the effective date who are not already leaving it. */
      readonly members: readonly ReductionMember[];
    }
  | {
      readonly type: 'CancelContract';
      readonly effectiveFrom: BusinessDate;
      readonly moveToContractId: string;
      readonly endReason: string;
      /** Everyone on the list on the effective date or arriving later. */
      readonly memberIds: readonly string[];
    };

export interface ContractContext {
  readonly rules: RegisterRules;
  readonly today: BusinessDate;
  /** For doctor periods: which HPR numbers are registered GPs. */
  readonly gpExists?: (hpr: number) => boolean;
  /** For reductions and cancellation: the receiving list. */
  readonly receiving?: { readonly exists: boolean; readonly activeOn: (date: BusinessDate) => boolean };
}
