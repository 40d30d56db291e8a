import { InvalidInput } from '../errors';
import type { BusinessDate, MunicipalityEvent } from '../events';
import { refuse } from '../shared/refusals';

export interface MunicipalityState {
  readonly number: string;
  readonly renumbered: { readonly newNumber: string; readonly effectiveFrom: BusinessDate } | null;
}

export const initialMunicipalityState: MunicipalityState = { number: '', renumbered: null };

export type MunicipalityCommand = {
  readonly type: 'RenumberMunicipality';
  readonly oldNumber: string;
  readonly newNumber: string;
  readonly effectiveFrom: BusinessDate;
};

export function evolveMunicipality(_state: MunicipalityState, event: MunicipalityEvent): MunicipalityState {
  switch (event.type) {
    case 'MunicipalityRenumbered':
      return {
        number: event.data.oldNumber,
        renumbered: { newNumber: event.data.newNumber, effectiveFrom: event.data.effectiveFrom },
      };
    default: {
      const never: never = event.type;
      return never;
    }
  }
}

/** §1.8: renumbering is a code change on a date, never a move (no person event follows from it). */
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
    default: {
      const never: never = cmd.type;
      return never;
    }
  }
}

export const municipalityDecider = {
  initialState: initialMunicipalityState,
  evolve: evolveMunicipality,
  decide: decideMunicipality,
} as const;
