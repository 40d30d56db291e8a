import type { BusinessDate } from '../../events';
import type { RegisterRules } from '../../rules/settings';
import type { ReceivingList } from '../contract.guards';
import type { ReductionMember } from '../reduction-draw';

/** R30/R31: the list shrinks by `count` patients, drawn by household, who move to `toContractId`. */
export interface ReduceList {
  readonly type: 'ReduceList';
  readonly reductionId: string;
  readonly count: number;
  readonly toContractId: string;
  readonly effectiveFrom: BusinessDate;
  readonly seed: string;
}

export interface ReduceListFacts {
  /**
   * Members on the list on the effective date who are not leaving it, nor arriving that very day by a
   * change still pending when the reduction is ordered: a person's own pending change stands (R30:
   * more than these is refused, `REDUCTION_EXCEEDS_LIST`).
   */
  readonly members: readonly ReductionMember[];
  readonly receiving: ReceivingList;
  /** R31 [U] setting `reductionOvershoot`. */
  readonly overshoot: RegisterRules['reductionOvershoot'];
}
