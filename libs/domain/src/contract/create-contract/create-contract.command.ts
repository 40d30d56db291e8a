import type { BusinessDate, ListStatus } from '../../events';

/** A GP agreement (fastlegeavtale), which is also the list (§2). */
export interface CreateContract {
  readonly type: 'CreateContract';
  readonly contractId: string;
  readonly municipality: string;
  readonly officeOrgNo: string;
  /** listetak */
  readonly maxPatients: number;
  readonly validFrom: BusinessDate;
  readonly commonList: boolean;
  readonly fixedSalary: boolean;
  readonly status: ListStatus;
}
