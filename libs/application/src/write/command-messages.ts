import type { CommandMeta, RegisterCommand, RegisterCommandType } from './commands';

/**
 * One @nestjs/cqrs command class per register command (API.md's Commands table). The controllers
 * send these over the CommandBus; each has its own handler (command-handlers.ts).
 */
export abstract class RegisterCommandMessage<T extends RegisterCommandType = RegisterCommandType> {
  constructor(
    readonly command: Extract<RegisterCommand, { type: T }>,
    readonly meta: CommandMeta,
  ) {}
}

export class RegisterPersonCommand extends RegisterCommandMessage<'RegisterPerson'> {}
export class RecordMoveCommand extends RegisterCommandMessage<'RecordMove'> {}
export class RecordDeathCommand extends RegisterCommandMessage<'RecordDeath'> {}
export class RecordEmigrationCommand extends RegisterCommandMessage<'RecordEmigration'> {}
export class OptOutCommand extends RegisterCommandMessage<'OptOut'> {}
export class OptInCommand extends RegisterCommandMessage<'OptIn'> {}
export class ChangeNinCommand extends RegisterCommandMessage<'ChangeNin'> {}
export class RegisterGpCommand extends RegisterCommandMessage<'RegisterGp'> {}
export class CreateContractCommand extends RegisterCommandMessage<'CreateContract'> {}
export class ChangeListCeilingCommand extends RegisterCommandMessage<'ChangeListCeiling'> {}
export class ChangeListStatusCommand extends RegisterCommandMessage<'ChangeListStatus'> {}
export class StartDoctorPeriodCommand extends RegisterCommandMessage<'StartDoctorPeriod'> {}
export class EndDoctorPeriodCommand extends RegisterCommandMessage<'EndDoctorPeriod'> {}
export class ReduceListCommand extends RegisterCommandMessage<'ReduceList'> {}
export class CancelContractCommand extends RegisterCommandMessage<'CancelContract'> {}
export class AssignPatientCommand extends RegisterCommandMessage<'AssignPatient'> {}
export class ChangeGpCommand extends RegisterCommandMessage<'ChangeGp'> {}
export class JoinWaitingListCommand extends RegisterCommandMessage<'JoinWaitingList'> {}
export class LeaveWaitingListCommand extends RegisterCommandMessage<'LeaveWaitingList'> {}
export class RemoveFromListCommand extends RegisterCommandMessage<'RemoveFromList'> {}
export class RenumberMunicipalityCommand extends RegisterCommandMessage<'RenumberMunicipality'> {}
export class SetAutoAssignmentCommand extends RegisterCommandMessage<'SetAutoAssignment'> {}
export class RunDailyJobCommand extends RegisterCommandMessage<'RunDailyJob'> {}
export class CorrectFactCommand extends RegisterCommandMessage<'CorrectFact'> {}

// Each class narrows the command type; the table holds them all.
type MessageClass = new (command: never, meta: CommandMeta) => RegisterCommandMessage<any>;

export const COMMAND_MESSAGES: Readonly<Record<RegisterCommandType, MessageClass>> = {
  RegisterPerson: RegisterPersonCommand,
  RecordMove: RecordMoveCommand,
  RecordDeath: RecordDeathCommand,
  RecordEmigration: RecordEmigrationCommand,
  OptOut: OptOutCommand,
  OptIn: OptInCommand,
  ChangeNin: ChangeNinCommand,
  RegisterGp: RegisterGpCommand,
  CreateContract: CreateContractCommand,
  ChangeListCeiling: ChangeListCeilingCommand,
  ChangeListStatus: ChangeListStatusCommand,
  StartDoctorPeriod: StartDoctorPeriodCommand,
  EndDoctorPeriod: EndDoctorPeriodCommand,
  ReduceList: ReduceListCommand,
  CancelContract: CancelContractCommand,
  AssignPatient: AssignPatientCommand,
  ChangeGp: ChangeGpCommand,
  JoinWaitingList: JoinWaitingListCommand,
  LeaveWaitingList: LeaveWaitingListCommand,
  RemoveFromList: RemoveFromListCommand,
  RenumberMunicipality: RenumberMunicipalityCommand,
  SetAutoAssignment: SetAutoAssignmentCommand,
  RunDailyJob: RunDailyJobCommand,
  CorrectFact: CorrectFactCommand,
};

/** Wraps a register command in its CQRS command class. */
export function toCommandMessage(command: RegisterCommand, meta: CommandMeta): RegisterCommandMessage {
  const Message = COMMAND_MESSAGES[command.type];
  return new Message(command as never, meta) as RegisterCommandMessage;
}
