import type { BusinessDate } from '../../events';
import type { CommonFacts } from '../facts';

/** R12: at 16 the young person gets a letter and chooses their GP themselves (the daily job sends it). */
export interface SendAge16Letter {
  readonly type: 'SendAge16Letter';
  /** The daily job's business date. */
  readonly on: BusinessDate;
}

export type SendAge16LetterFacts = CommonFacts;
