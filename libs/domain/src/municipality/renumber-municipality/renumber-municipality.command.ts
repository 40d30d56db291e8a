import type { BusinessDate } from '../../events';

/** §1.8: a kommunenummer changes on a date (a code change, never a move). */
export interface RenumberMunicipality {
  readonly type: 'RenumberMunicipality';
  readonly oldNumber: string;
  readonly newNumber: string;
  readonly effectiveFrom: BusinessDate;
  /**
   * Why a renumbering that matches no reform in the national code history is carried out anyway
   * (recorded in the event); null = it must match a reform.
   */
  readonly overrideReason: string | null;
}
