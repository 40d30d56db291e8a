import { resolve } from 'node:path';
import { Command, Option } from 'nest-commander';
import { restoreRegister } from '../backup/register-backup';
import { type BaseOptions, RegisterCommand } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';

interface RestoreOptions extends BaseOptions {
  force?: boolean;
}

@Command({
  name: 'restore',
  arguments: '<backup>',
  description:
    'verify a backup and restore it into the register folder (--data-dir); a folder that holds a ' +
    'register is refused unless --force, which moves it aside (never deletes it)',
  argsDescription: { backup: 'a folder written by `flr backup`' },
})
export class RestoreCommand extends RegisterCommand<RestoreOptions> {
  async execute([backup]: string[], options: RestoreOptions): Promise<void> {
    if (!backup) throw new UsageError('restore needs the backup folder');
    const location = this.location(options);
    const { manifest, movedAside } = await restoreRegister(resolve(backup), location.dataDir, {
      force: options.force === true,
    });
    if (movedAside) process.stdout.write(`moved_aside=${movedAside}\n`);
    process.stdout.write(
      `restored=${location.dataDir}\nposition=${manifest.position}\nevents=${manifest.events}\n`,
    );
  }

  @Option({ flags: '--force', description: 'move a register already in the folder aside first' })
  parseForce(): boolean {
    return true;
  }
}
