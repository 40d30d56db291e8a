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
  // R41, §1.2: a replaced number keeps denoting its holder's history; it is never another person's.
  if ((facts.formerHolder ?? null) !== null) {
    refuse(
      'ALREADY_REGISTERED',
      'R41',
      'That nin was replaced by a newer one and belongs to its former holder',
    );
  }
  const { type: _type, ...data } = command;
  // R2: "asylum seekers ... and their family", likewise NATO and diplomatic staff: a D-number holder
  // registered with a flagged parent is entitled on the parent's ground.
  const inherited = command.ninKind === 'DNR' ? (facts.parentEntitlements?.[0] ?? null) : null;
  return [
    {
      type: 'PersonRegistered',
      data: {
        ...data,
        entitlement: command.entitlement ?? inherited,
        parentIds: [...command.parentIds],
        registeredOn: facts.today,
      },
    },
  ];
}
