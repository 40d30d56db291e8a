import type { BusinessDate } from '../../events';
import type { CommonFacts, ListFacts } from '../facts';

/** The daily job places a person who has no list (R7, R10, R13a, §3.10; internal). */
export interface PlaceAutomatically {
  readonly type: 'PlaceAutomatically';
  readonly contractId: string;
  readonly associationId: string;
  readonly reason: 'AUTO_NEW_RESIDENT' | 'NEWBORN' | 'CHILD_WITH_PARENT' | 'INITIAL_2001';
  readonly effectiveFrom: BusinessDate;
}

export interface PlaceAutomaticallyFacts extends CommonFacts {
  /** The list, as of the effective date. */
  readonly target: ListFacts;
}
