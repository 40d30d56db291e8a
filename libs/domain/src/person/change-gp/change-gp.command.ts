import type { BusinessDate } from '../../events';
import type { CommonFacts, ListFacts, Requester } from '../facts';

/** The person (or a parent for a child, R11) chooses another list (R6, R15–R19). */
export interface ChangeGp {
  readonly type: 'ChangeGp';
  readonly contractId: string;
  /** The id of the new person–list link. */
  readonly associationId: string;
}

export interface ChangeGpFacts extends CommonFacts {
  /** The list chosen, as of the date the change takes effect (R17). */
  readonly target: ListFacts;
  /** R11/R12: who asks; null when the person asks themselves. */
  readonly requester: Requester | null;
  /** R16: the end dates of the fastlege (LPFL) periods on the list the person is on today. */
  readonly fastlegeEndsOnCurrentList: readonly BusinessDate[];
  /** R13a: the lists the person's parents are on on the date the change takes effect. */
  readonly parentsListsOnEffectiveDate: readonly string[];
  /**
   * R13b/§1.8: the code each municipality number the person lived in has on the day of their last
   * move (renumberings followed); numbers left out are unchanged.
   */
  readonly municipalityCodesOnLastMove: Readonly<Record<string, string>>;
}
