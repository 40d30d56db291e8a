import type { BusinessDate } from '../../events';
import type { CommonFacts } from '../facts';

/** A death from the population register (R38). */
export interface RecordDeath {
  readonly type: 'RecordDeath';
  readonly diedOn: BusinessDate;
}

export type RecordDeathFacts = CommonFacts;
