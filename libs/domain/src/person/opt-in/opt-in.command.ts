import type { CommonFacts, Requester } from '../facts';

/** R42: a person who opted out comes back into the scheme (and is placed by the daily job, R7). */
export interface OptIn {
  readonly type: 'OptIn';
}

export interface OptInFacts extends CommonFacts {
  /** R11/R12: who asks; null when the person asks themselves. */
  readonly requester: Requester | null;
}
