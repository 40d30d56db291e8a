import { InvalidInput } from '../errors';
import type { BusinessDate, MunicipalityEvent } from '../events';
import { refuse } from '../shared/refusals';

export interface MunicipalityState {
  readonly number: string;
  readonly renumbered: { readonly newNumber: string; readonly effectiveFrom: BusinessDate } | null;
  /** R9: switches of automatic assignment, oldest first; none = on (the default, §2.8). */
  readonly autoAssign: readonly { readonly on: BusinessDate; readonly enabled: boolean }[];
}

export const initialMunicipalityState: MunicipalityState = { number: '', renumbered: null, autoAssign: [] };

export type MunicipalityCommand =
  | {
      readonly type: 'RenumberMunicipality';
      readonly oldNumber: string;
      readonly newNumber: string;
      readonly effectiveFrom: BusinessDate;
    }
  | {
      readonly type: 'SetAutoAssignment';
      readonly number: string;
      readonly enabled: boolean;
      /** The Europe/Oslo date of registration: the switch holds from this day. */
      readonly on: BusinessDate;
    };

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
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** §1.8 renumbering (a code change on a date, never a move) and the R9 auto-assignment switch. */
export function decideMunicipality(cmd: MunicipalityCommand, state: MunicipalityState): MunicipalityEvent[] {
  switch (cmd.type) {
    case 'RenumberMunicipality': {
      if (cmd.newNumber === cmd.oldNumber) {
        throw new InvalidInput('INVALID_INPUT', [
          { field: 'newNumber', message: 'newNumber must differ from the old number' },
        ]);
      }
      if (state.renumbered)
        refuse('ALREADY_RENUMBERED', '§1.8', 'This municipality number was already renumbered');
      const { type: _t, ...data } = cmd;
      return [{ type: 'MunicipalityRenumbered', data }];
    }
    case 'SetAutoAssignment': {
      // Setting the switch to what it already is on that day writes nothing (idempotent by value).
      if (autoAssignEnabledOn(state, cmd.on) === cmd.enabled && !state.autoAssign.some((s) => s.on > cmd.on))
        return [];
      const { type: _t, ...data } = cmd;
      return [{ type: 'MunicipalityAutoAssignToggled', data }];
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}

export const municipalityDecider = {
  initialState: initialMunicipalityState,
  evolve: evolveMunicipality,
  decide: decideMunicipality,
} as const;
