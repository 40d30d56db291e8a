import type { BusinessDate } from '../../events';
import type { CommonFacts } from '../facts';

/** An emigration from the population register (R39). */
export interface RecordEmigration {
  readonly type: 'RecordEmigration';
  readonly emigratedOn: BusinessDate;
}

export type RecordEmigrationFacts = CommonFacts;
