import type { PersonEvent } from '../events';
import type { PersonCommand, PersonContext } from './person.commands';
import { decideLifecycle } from './person.decide-lifecycle';
import { decideListing } from './person.decide-listing';
import { decideMoves } from './person.decide-moves';
import { decideWaiting } from './person.decide-waiting';
import { evolvePerson, initialPersonState, type PersonState } from './person.state';

/** The person decider: links, yearly changes, waiting-list entry, entitlement (DESIGN §3.2). */
export function decidePerson(command: PersonCommand, state: PersonState, ctx: PersonContext): PersonEvent[] {
  switch (command.type) {
    case 'RegisterPerson':
    case 'RecordMove':
    case 'RecordDeath':
    case 'RecordEmigration':
    case 'OptOut':
    case 'OptIn':
    case 'ChangeNin':
      return decideLifecycle(command, state, ctx);
    case 'ChangeGp':
    case 'AssignPatient':
    case 'PromoteFromWaitingList':
    case 'PlaceAutomatically':
      return decideListing(command, state, ctx);
    case 'JoinWaitingList':
    case 'LeaveWaitingList':
      return decideWaiting(command, state, ctx);
    case 'MoveByDecision':
    case 'BarFromList':
      return decideMoves(command, state, ctx);
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const personDecider = {
  initialState: initialPersonState,
  evolve: evolvePerson,
  decide: decidePerson,
} as const;
