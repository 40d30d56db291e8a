import type { BeginReason, BusinessDate } from '../../events';
import type { CommonFacts, ListFacts } from '../facts';

/** Helfo (or the legacy import) places the person on a list by hand (R28). */
export interface AssignPatient {
  readonly type: 'AssignPatient';
  readonly contractId: string;
  readonly associationId: string;
  readonly reason: BeginReason;
  /** R28: places on a full or locked list, past a barring; recorded on the link. */
  readonly overrideReason: string | null;
  /** The start of the link; default the 1st of the next month (R17). */
  readonly effectiveFrom: BusinessDate | null;
}

export interface AssignPatientFacts extends CommonFacts {
  /** The list, as of the effective date. */
  readonly target: ListFacts;
}
