import type { CommonFacts, Requester } from '../facts';

/** R4: the person (or a parent for a child, R11) leaves the scheme. */
export interface OptOut {
  readonly type: 'OptOut';
}

export interface OptOutFacts extends CommonFacts {
  /** R11/R12: who asks; null when the person asks themselves. */
  readonly requester: Requester | null;
}
