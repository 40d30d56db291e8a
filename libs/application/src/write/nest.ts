import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { parseRegisterRules } from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import type { AppConfig } from '../config';
import { APP_CONFIG, EVENT_STORE } from '../tokens';
import { CommandProcessor } from './command-processor';
import { LmdbOutcomeIndex } from './outcome-index';

/** Where the single writer keeps the snapshot of its view, inside the data folder. */
export const writerSnapshotPath = (dataDir: string) => join(dataDir, 'writer', 'view.snapshot');

/**
 * Nest provider for the processor, built from the event store and the FLR_RULE_* settings. Its view
 * is snapshotted into the data folder (every 500,000 positions at most once a minute, and at shutdown)
 * and restored at start, then caught up from the log. Command outcomes (idempotency) are kept in an
 * LMDB index in `<dataDir>/idempotency/outcomes`.
 */
export const commandProcessorProvider = {
  provide: CommandProcessor,
  useFactory: (store: EventStore, config: AppConfig) => {
    const logger = new Logger('Writer');
    return new CommandProcessor({
      store,
      rules: parseRegisterRules(config.ruleSettings),
      snapshot: { path: writerSnapshotPath(config.dataDir), log: (message) => logger.log(message) },
      outcomes: LmdbOutcomeIndex.open(join(config.dataDir, 'idempotency', 'outcomes'), {
        legacyRefusals: join(config.dataDir, 'idempotency', 'refusals.ndjson'),
      }),
    });
  },
  inject: [EVENT_STORE, APP_CONFIG],
};

/** Rebuilds the writer view at start-up (and resumes unfinished decisions); drains the queue on shutdown. */
@Injectable()
export class CommandProcessorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(CommandProcessor) private readonly processor: CommandProcessor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.processor.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.processor.stop();
  }
}
