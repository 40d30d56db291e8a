import type { CommonFacts } from '../facts';

/** R41: a new NIN from the population register (a D-number holder gets an FNR, a corrected number). */
export interface ChangeNin {
  readonly type: 'ChangeNin';
  readonly newNin: string;
}

export interface ChangeNinFacts extends CommonFacts {
  /** R41: the person registered with the new NIN, if any. */
  readonly newNinHolder: string | null;
}
