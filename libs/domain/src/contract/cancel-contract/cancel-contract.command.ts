import type { BusinessDate } from '../../events';
import type { ReceivingList } from '../contract.guards';

/** R34b: the contract ends and every patient moves to `moveToContractId`. */
export interface CancelContract {
  readonly type: 'CancelContract';
  readonly effectiveFrom: BusinessDate;
  readonly moveToContractId: string;
  readonly endReason: string;
}

export interface CancelContractFacts {
  /** Everyone on the list on the effective date or arriving later. */
  readonly memberIds: readonly string[];
  readonly receiving: ReceivingList;
}
