import type { PersonEvent } from '../events';
import { evolvePerson, initialPersonState, type PersonState } from '../person/state';
import { deciderSpec } from './decider-spec';

/** A decider spec for one person command: its decide function over the shared person state and evolve. */
export function personSpec<Command, Facts>(
  decide: (command: Command, state: PersonState, facts: Facts) => readonly PersonEvent[],
) {
  return deciderSpec({ initialState: initialPersonState, evolve: evolvePerson, decide });
}
