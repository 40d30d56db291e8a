import type { WaitingListLeaveReason } from '../../events';
import type { CommonFacts } from '../facts';

/** R21/R26: the entry ends (the person leaves it, or the contract ended). */
export interface LeaveWaitingList {
  readonly type: 'LeaveWaitingList';
  readonly contractId: string;
  readonly reason: WaitingListLeaveReason;
}

export type LeaveWaitingListFacts = CommonFacts;
