import { hostname } from 'node:os';
import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig, CommandProcessor, ConfigError, EVENT_STORE } from '@flr/application';
import {
  type EventStore,
  parseWriterLeaseSettings,
  WriterLease,
  type WriterLeaseSettings,
} from '@flr/event-store';
import { CommandsModule } from '../commands/commands.module';
import { ContractsCommandController } from '../commands/contracts.controller';
import { PersonsCommandController } from '../commands/persons.controller';
import { RegisterCommandController } from '../commands/register.controller';

/** The writer lease settings (README: FLR_WRITER_LEASE, FLR_REPLICA_ADDRESS, FLR_WRITER_LEASE_MS). */
export function writerLeaseSettings(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<AppConfig, 'eventStoreConnectionString'>,
): WriterLeaseSettings | null {
  const { settings, problems } = parseWriterLeaseSettings(env, config.eventStoreConnectionString !== null);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

export const WRITER_LEASE = Symbol('WRITER_LEASE');

/** Command routes: the only ones a follower does not serve. */
const COMMAND_CONTROLLERS: readonly unknown[] = [
  PersonsCommandController,
  ContractsCommandController,
  RegisterCommandController,
];

/**
 * A follower answers commands with 503 NOT_THE_WRITER, `Retry-After: 1`, and the writer's address
 * (body `writer`, header `X-FLR-Writer`) when one is known; queries are served by every replica.
 */
@Injectable()
export class WriterLeaseGuard implements CanActivate {
  constructor(@Inject(WRITER_LEASE) private readonly lease: WriterLease | null) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.lease || this.lease.isWriter()) return true;
    if (!COMMAND_CONTROLLERS.includes(context.getClass())) return true;
    const writer = this.lease.current();
    const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    reply.header('Retry-After', '1');
    if (writer) reply.header('X-FLR-Writer', writer.address);
    throw new HttpException(
      {
        code: 'NOT_THE_WRITER',
        message: writer
          ? `This replica does not take commands; send them to the writer at ${writer.address}`
          : 'No replica holds the writer lease yet; retry shortly',
        writer: writer?.address ?? null,
      },
      503,
    );
  }
}

/**
 * Holds the lease from start-up to shutdown; before deciding, a new writer reads what the last one wrote,
 * then finishes the decisions it left half done.
 */
@Injectable()
class WriterLeaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WRITER_LEASE) private readonly lease: WriterLease | null) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.lease?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lease?.stop();
  }
}

const logger = new Logger('WriterLease');

@Module({
  imports: [CommandsModule],
  providers: [
    {
      provide: WRITER_LEASE,
      inject: [APP_CONFIG, EVENT_STORE, CommandProcessor],
      useFactory: (config: AppConfig, store: EventStore, processor: CommandProcessor) => {
        const settings = writerLeaseSettings(process.env, config);
        if (!settings) return null;
        // Followers must not carry out decisions: only the lease holder resumes half-done ones.
        processor.resumeDecisionsOnlyWhenTold();
        return new WriterLease({
          store,
          address: settings.address,
          holder: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
          durationMs: settings.durationMs,
          beforeWriting: async () => {
            await processor.refresh();
            // Queued ahead of the commands this writer will take; not awaited, so renewals go on.
            processor.resumeDecisions().then(
              (count) => {
                if (count > 0) logger.log(`Resumed ${count} half-done decision(s) as the writer`);
              },
              (error: unknown) =>
                logger.error(
                  `Resuming half-done decisions failed: ${error instanceof Error ? error.message : String(error)}`,
                ),
            );
          },
          onChange: ({ writer, lease }) =>
            logger.log(
              writer
                ? `This replica holds the writer lease (term ${lease?.term})`
                : `This replica follows; the writer is ${lease?.address ?? 'unknown'}`,
            ),
        });
      },
    },
    WriterLeaseLifecycle,
    { provide: APP_GUARD, useClass: WriterLeaseGuard },
  ],
})
export class WriterLeaseModule {}
