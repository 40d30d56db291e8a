import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import type { PersonState } from '../state';
import type { RegisterPerson, RegisterPersonFacts } from './register-person.command';

/** R46: one person per NIN; the stream starts with the registration. */
export function registerPerson(
  command: RegisterPerson,
  state: PersonState,
  facts: RegisterPersonFacts,
): PersonEvent[] {
  if (state.registered || facts.ninHolder !== null) {
    refuse('ALREADY_REGISTERED', 'R46', 'A person with that nin is already registered');
  }
  const { type: _type, ...data } = command;
  return [
    {
      type: 'PersonRegistered',
      data: { ...data, parentIds: [...command.parentIds], registeredOn: facts.today },
    },
  ];
}
