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
  // A number replaced by a newer one keeps denoting its holder's history (§1.2): never another person's.
  if ((facts.formerHolder ?? null) !== null && facts.formerHolder !== state.personId) {
    refuse(
      'ALREADY_REGISTERED',
      'R41',
      'The new nin was replaced by a newer one and belongs to its former holder',
    );
  }
  if (command.newNin === state.nin) {
    throw new InvalidInput('INVALID_INPUT', [{ field: 'newNin', message: 'newNin is the current nin' }]);
  }
  // R41, §1.2: a D-number holder gets a fødselsnummer (or a new one after a gender change); a
  // fødselsnummer is never replaced by a D-number, which would also leave a listed person without
  // the right to a GP (R2).
  if (state.ninKind === 'FNR' && Number(command.newNin[0]) >= 4)
    throw new InvalidInput('INVALID_INPUT', [
      { field: 'newNin', message: 'a fødselsnummer is never replaced by a D-nummer (R41)' },
    ]);
  return [
    {
      type: 'PersonNinChanged',
      data: { personId: state.personId, oldNin: state.nin, newNin: command.newNin },
    },
  ];
}
