import type { BusinessDate } from '../../events';
import type { CommonFacts } from '../facts';

/** R31 (reduction) / R34b (cancellation): the process manager moves one person of a decision (internal). */
export interface MoveByDecision {
  readonly type: 'MoveByDecision';
  readonly fromContractId: string;
  readonly toContractId: string;
  readonly associationId: string;
  readonly effectiveFrom: BusinessDate;
  readonly beginReason: 'REDUCTION_MOVE' | 'CONTRACT_END_MOVE';
  readonly endReason: 'REDUCTION' | 'CONTRACT_ENDED';
}

/** `today` is the decision's effective date. */
export type MoveByDecisionFacts = CommonFacts;
