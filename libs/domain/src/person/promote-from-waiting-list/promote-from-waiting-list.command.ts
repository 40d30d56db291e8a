import type { CommonFacts, ListFacts } from '../facts';

/** The daily job gives the first in the queue a place that came free (R22, R23; internal). */
export interface PromoteFromWaitingList {
  readonly type: 'PromoteFromWaitingList';
  readonly contractId: string;
  readonly associationId: string;
}

export interface PromoteFromWaitingListFacts extends CommonFacts {
  /** The list waited for, as of the 1st of the next month. */
  readonly target: ListFacts;
}
