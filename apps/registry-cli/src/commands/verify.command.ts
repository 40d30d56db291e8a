import { Command } from 'nest-commander';
import { verifyRegister } from '../backup/register-backup';
import { type BaseOptions, RegisterCommand } from '../shared/base-command';
import { NoRegisterError, UsageError } from '../shared/cli-errors';
import { holdsRegister } from '../shared/register-store';

@Command({
  name: 'verify',
  arguments: '[folder]',
  description:
    'check a register folder or a backup: log positions without gaps, stream revisions and index, the ' +
    "log's checksum, no read model ahead of the log, and a backup's file checksums; exit 1 on a problem",
  argsDescription: { folder: 'a backup folder (default: the register folder, --data-dir)' },
})
export class VerifyCommand extends RegisterCommand {
  async execute([folder]: string[], options: BaseOptions): Promise<void> {
    const location = this.location(folder ? { ...options, dataDir: folder } : options);
    if (location.connectionString && !folder)
      throw new UsageError('verify checks the embedded store; name a folder to check a backup');
    if (!holdsRegister(location)) throw new NoRegisterError(location.dataDir);
    const { kind, log, problems } = await verifyRegister(location.dataDir);
    process.stdout.write(
      `kind=${kind}\nhead=${log.head}\nevents=${log.events}\nstreams=${log.streams}\n` +
        `checksum=${log.checksum}\nproblems=${problems.length}\n`,
    );
    if (problems.length > 0) throw new Error(`${location.dataDir} is not sound:\n  ${problems.join('\n  ')}`);
  }
}
