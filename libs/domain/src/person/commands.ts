import type { EndReason } from '../events';
import type { AssignPatient } from './assign-patient/assign-patient.command';
import type { BarFromList } from './bar-from-list/bar-from-list.command';
import type { ChangeGp } from './change-gp/change-gp.command';
import type { ChangeNin } from './change-nin/change-nin.command';
import type { CorrectFact } from './correct-fact/correct-fact.command';
import type { JoinWaitingList } from './join-waiting-list/join-waiting-list.command';
import type { LeaveWaitingList } from './leave-waiting-list/leave-waiting-list.command';
import type { MoveByDecision } from './move-by-decision/move-by-decision.command';
import type { OptIn } from './opt-in/opt-in.command';
import type { OptOut } from './opt-out/opt-out.command';
import type { PlaceAutomatically } from './place-automatically/place-automatically.command';
import type { PromoteFromWaitingList } from './promote-from-waiting-list/promote-from-waiting-list.command';
import type { RecordDeath } from './record-death/record-death.command';
import type { RecordEmigration } from './record-emigration/record-emigration.command';
import type { RecordMove } from './record-move/record-move.command';
import type { RegisterPerson } from './register-person/register-person.command';
import type { SendAge16Letter } from './send-age-16-letter/send-age-16-letter.command';

/** Commands decided on a person stream, one folder each. Ids are internal ids, never NINs (but the NIN itself). */
export type PersonCommand =
  | RegisterPerson
  | RecordMove
  | RecordDeath
  | RecordEmigration
  | OptOut
  | OptIn
  | ChangeNin
  | ChangeGp
  | AssignPatient
  | JoinWaitingList
  | LeaveWaitingList
  | MoveByDecision
  | BarFromList
  | PromoteFromWaitingList
  | PlaceAutomatically
  | CorrectFact
  | SendAge16Letter;

export type LeaveSchemeReason = Extract<EndReason, 'DEATH' | 'EMIGRATION' | 'OPT_OUT'>;

export type {
  AssignPatient,
  BarFromList,
  ChangeGp,
  ChangeNin,
  CorrectFact,
  JoinWaitingList,
  LeaveWaitingList,
  MoveByDecision,
  OptIn,
  OptOut,
  PlaceAutomatically,
  PromoteFromWaitingList,
  RecordDeath,
  RecordEmigration,
  RecordMove,
  RegisterPerson,
  SendAge16Letter,
};
