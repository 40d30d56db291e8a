import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from './cli.module';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeOf } from './shared/cli-errors';

/** The part of commander's Command this file uses (nest-commander bundles its own commander). */
interface Command {
  readonly commands: readonly Command[];
  exitOverride(handler: (error: { code: string; exitCode: number }) => void): Command;
  name(name: string): Command;
  description(text: string): Command;
  showHelpAfterError(message: string): Command;
  parseAsync(argv: string[]): Promise<unknown>;
}

const QUIET_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Commander reports usage errors itself; they leave with 2, help with 0 (every sub-command too). */
function overrideExits(command: Command): void {
  command.exitOverride((error) => {
    throw new Exit(QUIET_EXITS.has(error.code) ? EXIT_OK : error.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  });
  for (const sub of command.commands) overrideExits(sub);
}

/** Runs one command line; resolves with the exit code (never calls process.exit). */
export async function runCli(argv: string[]): Promise<number> {
  let failure: unknown = null;
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    cliName: 'flr',
    serviceErrorHandler: (error: Error) => {
      failure = error;
    },
  });
  try {
    const runner = app.get(CommandRunnerService) as unknown as { commander: Command };
    const program = runner.commander;
    program.name('flr').description("Norway's GP register: analysts' and operators' command line");
    overrideExits(program);
    program.showHelpAfterError('(add --help for usage)');
    try {
      await program.parseAsync(argv);
    } catch (error) {
      if (error instanceof Exit) return error.code;
      failure = error;
    }
    if (failure) {
      process.stderr.write(`flr: ${failure instanceof Error ? failure.message : String(failure)}\n`);
      return exitCodeOf(failure);
    }
    return EXIT_OK;
  } catch (error) {
    process.stderr.write(`flr: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    await app.close();
  }
}
