import { InvalidInput } from '../../errors';
import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered } from '../guards';
import type { PersonState } from '../state';
import type { ChangeNin, ChangeNinFacts } from './change-nin.command';

/** R41: history is keyed by the internal person id, so re-keying is one event. */
export function changeNin(command: ChangeNin, state: PersonState, facts: ChangeNinFacts): PersonEvent[] {
  assertRegistered(state);
  if (facts.newNinHolder !== null && facts.newNinHolder !== state.personId) {
    refuse('ALREADY_REGISTERED', 'R41', 'The new nin belongs to another registered person');
  }
  if (command.newNin === state.nin) {
    throw new InvalidInput('INVALID_INPUT', [{ field: 'newNin', message: 'newNin is the current nin' }]);
  }
  return [
    {
      type: 'PersonNinChanged',
      data: { personId: state.personId, oldNin: state.nin, newNin: command.newNin },
    },
  ];
}
