import type { PersonEvent } from '../events';
import { assignPatient } from './assign-patient/assign-patient.decide';
import { barFromList } from './bar-from-list/bar-from-list.decide';
import { changeGp } from './change-gp/change-gp.decide';
import { changeNin } from './change-nin/change-nin.decide';
import type { PersonCommand } from './commands';
import { correctFact } from './correct-fact/correct-fact.decide';
import { joinWaitingList } from './join-waiting-list/join-waiting-list.decide';
import { leaveWaitingList } from './leave-waiting-list/leave-waiting-list.decide';
import { moveByDecision } from './move-by-decision/move-by-decision.decide';
import { optIn } from './opt-in/opt-in.decide';
import { optOut } from './opt-out/opt-out.decide';
import { placeAutomatically } from './place-automatically/place-automatically.decide';
import { promoteFromWaitingList } from './promote-from-waiting-list/promote-from-waiting-list.decide';
import { recordDeath } from './record-death/record-death.decide';
import { recordEmigration } from './record-emigration/record-emigration.decide';
import { recordMove } from './record-move/record-move.decide';
import { registerPerson } from './register-person/register-person.decide';
import { sendAge16Letter } from './send-age-16-letter/send-age-16-letter.decide';
import { evolvePerson, initialPersonState, type PersonState } from './state';

type DecideOf<K extends PersonCommand['type']> = (
  command: Extract<PersonCommand, { type: K }>,
  state: PersonState,
  // Each command names its own facts (any facts type is accepted here); PersonFactsFor reads them back.
  facts: never,
) => PersonEvent[];

/** One decide function per command, each in the command's folder; the compiler checks none is missing. */
const decisions = {
  RegisterPerson: registerPerson,
  RecordMove: recordMove,
  RecordDeath: recordDeath,
  RecordEmigration: recordEmigration,
  OptOut: optOut,
  OptIn: optIn,
  ChangeNin: changeNin,
  ChangeGp: changeGp,
  AssignPatient: assignPatient,
  JoinWaitingList: joinWaitingList,
  LeaveWaitingList: leaveWaitingList,
  MoveByDecision: moveByDecision,
  BarFromList: barFromList,
  PromoteFromWaitingList: promoteFromWaitingList,
  PlaceAutomatically: placeAutomatically,
  CorrectFact: correctFact,
  SendAge16Letter: sendAge16Letter,
} satisfies { readonly [K in PersonCommand['type']]: DecideOf<K> };

/** The facts (plain data from outside the person stream) the command `C` is decided on. */
export type PersonFactsFor<C extends PersonCommand> = Parameters<(typeof decisions)[C['type']]>[2];

/** The person decider: links, yearly changes, waiting-list entry, entitlement (DESIGN §3.2). */
export function decidePerson<C extends PersonCommand>(
  command: C,
  state: PersonState,
  facts: PersonFactsFor<C>,
): PersonEvent[] {
  const decide = decisions[command.type] as (c: C, s: PersonState, f: PersonFactsFor<C>) => PersonEvent[];
  return decide(command, state, facts);
}

export const personDecider = {
  initialState: initialPersonState,
  evolve: evolvePerson,
  decide: decidePerson,
} as const;
