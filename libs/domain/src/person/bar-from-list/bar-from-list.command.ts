import type { BusinessDate } from '../../events';
import type { CommonFacts, ListFacts } from '../facts';

/** R32: the municipality removes a person from a GP's list (RemoveFromList over HTTP). */
export interface BarFromList {
  readonly type: 'BarFromList';
  readonly contractId: string;
  /**
   * Every fastlege of the list today (a shared list has several): the person may not choose any of
   * them again, on any list.
   */
  readonly hprs: readonly number[];
  /** Default the 1st of the next month. */
  readonly effectiveFrom: BusinessDate | null;
  /** The list the decision places the person on, whatever its capacity. */
  readonly moveToContractId: string | null;
  readonly associationId: string;
}

export interface BarFromListFacts extends CommonFacts {
  /** The list of `moveToContractId`, as of the effective date (null when no move is ordered). */
  readonly moveTo: ListFacts | null;
}
