import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandOutcome, RegisterCommand } from './commands';

/**
 * The one @nestjs/cqrs command message: any register command (the `RegisterCommand` union in
 * commands.ts, the single list of command names) with who sent it and when. Its result type is the
 * outcome, so `bus.execute(message)` is typed without naming it.
 */
export class RegisterCommandMessage extends Command<CommandOutcome> {
  constructor(
    readonly command: RegisterCommand,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
