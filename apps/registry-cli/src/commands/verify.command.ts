import { Command, Option } from 'nest-commander';
import { replayReadModels } from '../backup/read-model-replay';
import { verifyRegister } from '../backup/register-backup';
import { type BaseOptions, RegisterCommand } from '../shared/base-command';
import { NoRegisterError, UsageError } from '../shared/cli-errors';
import { holdsRegister } from '../shared/register-store';

interface VerifyOptions extends BaseOptions {
  replay?: boolean;
}

@Command({
  name: 'verify',
  arguments: '[folder]',
  description:
    'check a register folder or a backup: log positions without gaps, stream revisions and index, the ' +
    "log's checksum, no read model ahead of the log, and a backup's file checksums; with --replay also " +
    'every read model against the log, event by event; exit 1 on a problem',
  argsDescription: { folder: 'a backup folder (default: the register folder, --data-dir)' },
})
export class VerifyCommand extends RegisterCommand<VerifyOptions> {
  async execute([folder]: string[], options: VerifyOptions): Promise<void> {
    const location = this.location(folder ? { ...options, dataDir: folder } : options);
    if (location.connectionString && !folder)
      throw new UsageError('verify checks the embedded store; name a folder to check a backup');
    if (!holdsRegister(location)) throw new NoRegisterError(location.dataDir);
    const { kind, log, problems } = await verifyRegister(location.dataDir);
    const all = [...problems];
    let out =
      `kind=${kind}\nhead=${log.head}\nevents=${log.events}\nstreams=${log.streams}\n` +
      `checksum=${log.checksum}\n`;
    if (options.replay) {
      // Replayed only on a sound log: a read model rebuilt from a damaged one proves nothing.
      const replays = problems.length === 0 ? await replayReadModels(location.dataDir) : [];
      for (const r of replays) {
        out += `read_model_${r.instance}=${r.problems.length === 0 ? 'ok' : 'differs'} position=${r.position} rows=${r.rows}\n`;
        all.push(...r.problems);
      }
    }
    process.stdout.write(`${out}problems=${all.length}\n`);
    if (all.length > 0) throw new Error(`${location.dataDir} is not sound:\n  ${all.join('\n  ')}`);
  }

  @Option({
    flags: '--replay',
    description: 'also rebuild each read model from the log up to its checkpoint and compare it row by row',
  })
  parseReplay(): boolean {
    return true;
  }
}
