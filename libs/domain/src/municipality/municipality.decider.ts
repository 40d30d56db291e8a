import type { MunicipalityEvent } from '../events';
import type {
  CorrectRenumbering,
  CorrectRenumberingFacts,
} from './correct-renumbering/correct-renumbering.command';
import { correctRenumbering } from './correct-renumbering/correct-renumbering.decide';
import { evolveMunicipality, initialMunicipalityState, type MunicipalityState } from './municipality.state';
import type { RenumberMunicipality } from './renumber-municipality/renumber-municipality.command';
import { renumberMunicipality } from './renumber-municipality/renumber-municipality.decide';
import type { SetAutoAssignment } from './set-auto-assignment/set-auto-assignment.command';
import { setAutoAssignment } from './set-auto-assignment/set-auto-assignment.decide';

export type MunicipalityCommand = RenumberMunicipality | SetAutoAssignment | CorrectRenumbering;

/** §1.8 renumbering (a code change on a date, never a move), its correction and the R9 auto-assignment switch. */
export function decideMunicipality(
  cmd: MunicipalityCommand,
  state: MunicipalityState,
  facts: Partial<CorrectRenumberingFacts> = {},
): MunicipalityEvent[] {
  switch (cmd.type) {
    case 'RenumberMunicipality':
      return renumberMunicipality(cmd, state);
    case 'SetAutoAssignment':
      return setAutoAssignment(cmd, state);
    case 'CorrectRenumbering':
      return correctRenumbering(cmd, state, {
        newNumberRenumberedSince: facts.newNumberRenumberedSince ?? false,
      });
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
