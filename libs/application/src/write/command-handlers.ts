import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from './command-processor';
import type { CommandOutcome } from './commands';
import { RegisterCommandMessage } from './command-messages';

/**
 * The one handler on the CommandBus (STYLE §3: thin): the single-writer processor loads, decides and
 * appends; which decider a command goes to is the processor's exhaustive switch over the union.
 */
@CommandHandler(RegisterCommandMessage)
export class RegisterCommandHandler implements ICommandHandler<RegisterCommandMessage, CommandOutcome> {
  constructor(@Inject(CommandProcessor) private readonly processor: CommandProcessor) {}

  execute(message: RegisterCommandMessage): Promise<CommandOutcome> {
    return this.processor.execute(message.command, message.meta);
  }
}

export const COMMAND_HANDLERS = [RegisterCommandHandler];
