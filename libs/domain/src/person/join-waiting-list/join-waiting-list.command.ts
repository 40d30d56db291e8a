import type { CommonFacts, ListFacts, Requester } from '../facts';

/** R21: the person (or a parent for a child, R11) queues for one list. */
export interface JoinWaitingList {
  readonly type: 'JoinWaitingList';
  readonly contractId: string;
}

export interface JoinWaitingListFacts extends CommonFacts {
  /** The list, as of today. */
  readonly target: ListFacts;
  /** R11/R12: who asks; null when the person asks themselves. */
  readonly requester: Requester | null;
}
