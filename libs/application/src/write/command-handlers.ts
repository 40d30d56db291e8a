import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from './command-processor';
import type { CommandOutcome } from './commands';
import {
  RegisterPersonCommand,
  RecordMoveCommand,
  RecordDeathCommand,
  RecordEmigrationCommand,
  OptOutCommand,
  OptInCommand,
  ChangeNinCommand,
  RegisterGpCommand,
  CreateContractCommand,
  ChangeListCeilingCommand,
  ChangeListStatusCommand,
  StartDoctorPeriodCommand,
  EndDoctorPeriodCommand,
  ReduceListCommand,
  CancelContractCommand,
  AssignPatientCommand,
  ChangeGpCommand,
  JoinWaitingListCommand,
  LeaveWaitingListCommand,
  RemoveFromListCommand,
  RenumberMunicipalityCommand,
  RunDailyJobCommand,
  CorrectFactCommand,
  SetAutoAssignmentCommand,
  type RegisterCommandMessage,
} from './command-messages';

/** Thin handlers (STYLE §3): the single-writer processor loads, decides and appends. */
abstract class ProcessorHandler implements ICommandHandler<RegisterCommandMessage, CommandOutcome> {
  constructor(@Inject(CommandProcessor) private readonly processor: CommandProcessor) {}

  execute(message: RegisterCommandMessage): Promise<CommandOutcome> {
    return this.processor.execute(message.command, message.meta);
  }
}

@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler extends ProcessorHandler {}

@CommandHandler(RecordMoveCommand)
export class RecordMoveHandler extends ProcessorHandler {}

@CommandHandler(RecordDeathCommand)
export class RecordDeathHandler extends ProcessorHandler {}

@CommandHandler(RecordEmigrationCommand)
export class RecordEmigrationHandler extends ProcessorHandler {}

@CommandHandler(OptOutCommand)
export class OptOutHandler extends ProcessorHandler {}

@CommandHandler(OptInCommand)
export class OptInHandler extends ProcessorHandler {}

@CommandHandler(ChangeNinCommand)
export class ChangeNinHandler extends ProcessorHandler {}

@CommandHandler(RegisterGpCommand)
export class RegisterGpHandler extends ProcessorHandler {}

@CommandHandler(CreateContractCommand)
export class CreateContractHandler extends ProcessorHandler {}

@CommandHandler(ChangeListCeilingCommand)
export class ChangeListCeilingHandler extends ProcessorHandler {}

@CommandHandler(ChangeListStatusCommand)
export class ChangeListStatusHandler extends ProcessorHandler {}

@CommandHandler(StartDoctorPeriodCommand)
export class StartDoctorPeriodHandler extends ProcessorHandler {}

@CommandHandler(EndDoctorPeriodCommand)
export class EndDoctorPeriodHandler extends ProcessorHandler {}

@CommandHandler(ReduceListCommand)
export class ReduceListHandler extends ProcessorHandler {}

@CommandHandler(CancelContractCommand)
export class CancelContractHandler extends ProcessorHandler {}

@CommandHandler(AssignPatientCommand)
export class AssignPatientHandler extends ProcessorHandler {}

@CommandHandler(ChangeGpCommand)
export class ChangeGpHandler extends ProcessorHandler {}

@CommandHandler(JoinWaitingListCommand)
export class JoinWaitingListHandler extends ProcessorHandler {}

@CommandHandler(LeaveWaitingListCommand)
export class LeaveWaitingListHandler extends ProcessorHandler {}

@CommandHandler(RemoveFromListCommand)
export class RemoveFromListHandler extends ProcessorHandler {}

@CommandHandler(RenumberMunicipalityCommand)
export class RenumberMunicipalityHandler extends ProcessorHandler {}

@CommandHandler(SetAutoAssignmentCommand)
export class SetAutoAssignmentHandler extends ProcessorHandler {}

@CommandHandler(RunDailyJobCommand)
export class RunDailyJobHandler extends ProcessorHandler {}

@CommandHandler(CorrectFactCommand)
export class CorrectFactHandler extends ProcessorHandler {}

export const COMMAND_HANDLERS = [
  RegisterPersonHandler,
  RecordMoveHandler,
  RecordDeathHandler,
  RecordEmigrationHandler,
  OptOutHandler,
  OptInHandler,
  ChangeNinHandler,
  RegisterGpHandler,
  CreateContractHandler,
  ChangeListCeilingHandler,
  ChangeListStatusHandler,
  StartDoctorPeriodHandler,
  EndDoctorPeriodHandler,
  ReduceListHandler,
  CancelContractHandler,
  AssignPatientHandler,
  ChangeGpHandler,
  JoinWaitingListHandler,
  LeaveWaitingListHandler,
  RemoveFromListHandler,
  RenumberMunicipalityHandler,
  SetAutoAssignmentHandler,
  RunDailyJobHandler,
  CorrectFactHandler,
];
