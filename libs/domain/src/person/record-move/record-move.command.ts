import type { BusinessDate } from '../../events';
import type { CommonFacts } from '../facts';

/** A new address from the population register (R40: the GP stays). */
export interface RecordMove {
  readonly type: 'RecordMove';
  readonly municipality: string;
  readonly householdId: string | null;
  readonly movedOn: BusinessDate;
}

export interface RecordMoveFacts extends CommonFacts {
  /**
   * §1.8: the codes the person's current municipality and the one moved to have on the move date
   * (renumberings followed), so a move inside a renumbered municipality is no move between two.
   */
  readonly municipalityCodes: { readonly from: string; readonly to: string };
  /**
   * R40: the open lists in force with a free place in the municipality moved to, on the date a change
   * would take effect. Needed only for a move between municipalities (empty otherwise).
   */
  readonly listsWithPlaces: readonly string[];
}
