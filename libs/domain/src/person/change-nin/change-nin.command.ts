import type { CommonFacts } from '../facts';

/** R41: a new NIN from the population register (a D-number holder gets an FNR, a corrected number). */
export interface ChangeNin {
  readonly type: 'ChangeNin';
  readonly newNin: string;
}

export interface ChangeNinFacts extends CommonFacts {
  /** R41: the person registered with the new NIN, if any. */
  readonly newNinHolder: string | null;
  /** R41: the person who held the new NIN before it was replaced by a newer one, if any. */
  readonly formerHolder?: string | null;
}
