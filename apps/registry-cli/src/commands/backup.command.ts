import { resolve } from 'node:path';
import { Command } from 'nest-commander';
import { backupRegister } from '../backup/register-backup';
import { type BaseOptions, RegisterCommand } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';
import { NoRegisterError } from '../shared/cli-errors';
import { holdsRegister } from '../shared/register-store';

@Command({
  name: 'backup',
  arguments: '<target>',
  description:
    'copy the register (event log, read models, audit log, keys) into a new folder while the API runs: ' +
    "one consistent LMDB snapshot of the log; the folder's backup.json holds its position and checksums",
  argsDescription: { target: 'a new or empty folder' },
})
export class BackupCommand extends RegisterCommand {
  async execute([target]: string[], options: BaseOptions): Promise<void> {
    if (!target) throw new UsageError('backup needs a target folder');
    const location = this.location(options);
    if (location.connectionString)
      throw new UsageError('backup copies the embedded store; back up EventStoreDB with its own tools');
    if (!holdsRegister(location)) throw new NoRegisterError(location.dataDir);
    const started = Date.now();
    const manifest = await backupRegister(location.dataDir, resolve(target));
    process.stdout.write(
      `position=${manifest.position}\nevents=${manifest.events}\nchecksum=${manifest.checksum}\n` +
        `files=${Object.keys(manifest.files).length}\nseconds=${((Date.now() - started) / 1000).toFixed(1)}\n`,
    );
  }
}
