import type { BusinessDate, MunicipalityEvent } from '../events';

export interface MunicipalityState {
  readonly number: string;
  readonly renumbered: { readonly newNumber: string; readonly effectiveFrom: BusinessDate } | null;
  /** R9: switches of automatic assignment, oldest first; none = on (the default, §2.8). */
  readonly autoAssign: readonly { readonly on: BusinessDate; readonly enabled: boolean }[];
}

export const initialMunicipalityState: MunicipalityState = { number: '', renumbered: null, autoAssign: [] };

/** R9/§2.8: is automatic assignment on for this municipality number on `date` (default on)? */
export function autoAssignEnabledOn(state: MunicipalityState | undefined, date: BusinessDate): boolean {
  let enabled = true;
  for (const s of state?.autoAssign ?? []) if (s.on <= date) enabled = s.enabled;
  return enabled;
}

export function evolveMunicipality(state: MunicipalityState, event: MunicipalityEvent): MunicipalityState {
  switch (event.type) {
    case 'MunicipalityRenumbered':
      return {
        ...state,
        number: event.data.oldNumber,
        renumbered: { newNumber: event.data.newNumber, effectiveFrom: event.data.effectiveFrom },
      };
    case 'MunicipalityAutoAssignToggled':
      return {
        ...state,
        number: event.data.number,
        autoAssign: [...state.autoAssign, { on: event.data.on, enabled: event.data.enabled }],
      };
    case 'MunicipalityRenumberingAnnulled':
      // Issue 11: the number never changed; it may be renumbered (correctly) again.
      return { ...state, number: event.data.oldNumber, renumbered: null };
    default: {
      const never: never = event;
      return never;
    }
  }
}
