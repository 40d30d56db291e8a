import type { BusinessDate, Entitlement, Sex } from '../../events';
import type { CommonFacts } from '../facts';

/** A person from the population register (Folkeregisteret). Ids are internal, never NINs (but the NIN itself). */
export interface RegisterPerson {
  readonly type: 'RegisterPerson';
  readonly personId: string;
  readonly nin: string;
  readonly ninKind: 'FNR' | 'DNR';
  readonly birthDate: BusinessDate;
  readonly sex: Sex | null;
  readonly municipality: string;
  readonly householdId: string | null;
  readonly parentIds: readonly string[];
  readonly entitlement: Entitlement | null;
}

export interface RegisterPersonFacts extends CommonFacts {
  /** R46: the person already registered with this NIN, if any. */
  readonly ninHolder: string | null;
  /** R41: the person who held this NIN before it was replaced by a newer one, if any. */
  readonly formerHolder?: string | null;
  /** R2: the entitlement flags the named parents hold (asylum seeker, NATO, diplomatic staff). */
  readonly parentEntitlements?: readonly Entitlement[];
}
