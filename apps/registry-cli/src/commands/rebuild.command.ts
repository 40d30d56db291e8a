import { Command } from 'nest-commander';
import { liveWriterPid, PROJECTION_NAMES, ReadModels } from '../register/read-models';
import { type BaseOptions, oneOf, RegisterCommand } from '../shared/base-command';
import { openRegisterForReading } from '../shared/register-store';

@Command({
  name: 'rebuild',
  arguments: '<projection>',
  description:
    'rebuild a read model from the log beside the old copy, switching when it has caught up ' +
    `(${PROJECTION_NAMES.join(', ')} or all); refuses while the API runs on the same folder`,
  argsDescription: { projection: [...PROJECTION_NAMES, 'all'].join(' | ') },
})
export class RebuildCommand extends RegisterCommand {
  async execute([nameArg]: string[], options: BaseOptions): Promise<void> {
    const name = oneOf('<projection>', nameArg ?? '', [...PROJECTION_NAMES, 'all']);
    const location = this.location(options);
    const pid = liveWriterPid(location.dataDir);
    if (pid !== null) {
      throw new Error(
        `process ${pid} holds the register's writer lock and runs its read models: stop it, or rebuild ` +
          'through that process, so two processes never write the same read models',
      );
    }
    const store = await openRegisterForReading(location);
    try {
      const started = Date.now();
      const models = await ReadModels.open(store, location.dataDir);
      try {
        await models.rebuild(name === 'all' ? PROJECTION_NAMES : [name]);
        for (const s of models.status()) {
          process.stdout.write(
            `${s.instance}: ${s.state}, ${s.eventsApplied} events applied, lag ${s.lag}\n`,
          );
        }
        process.stdout.write(`rebuilt ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      } finally {
        await models.close();
      }
    } finally {
      await store.close();
    }
  }
}
