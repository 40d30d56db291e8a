import { join } from 'node:path';
import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Server } from 'node:http';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, type AppConfig, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import {
  EmbeddedEventStore,
  type EventStore,
  openEmbeddedEventStore,
  openEsdbEventStore,
} from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import {
  allMemoryProjections,
  allProjections,
  parseCapitationSettings,
  projectionsModuleUrl,
} from '@flr/projections';
import { AuthGuard } from './auth';
import { Authenticator } from './identity';
import { AuthFailureLimiter, IdentityRateLimitGuard, RequestTimeoutInterceptor } from './limits';
import { CommandConsistencyInterceptor } from './command-consistency.interceptor';
import { ErrorFilter } from './error.filter';
import { MinPositionInterceptor } from './min-position.interceptor';
import { composeInterceptors } from './compose-interceptors';
import { createValidationPipe } from './validation';

/** The read side's capitation settings, checked with the rest of the configuration at start-up. */
function capitationSettingsProblems(settings: Readonly<Record<string, string>>): string[] {
  try {
    parseCapitationSettings(settings);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

const eventLogPath = (config: AppConfig): string => join(config.dataDir, 'events');

async function openStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString) return openEsdbEventStore(config.eventStoreConnectionString);
  return openEmbeddedEventStore({ path: eventLogPath(config) });
}

/** Owns the process-wide resources: configuration, the event store, the projection runtime. */
class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Register');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.authDisabled) {
      this.logger.warn(
        'Neither FLR_OIDC_* nor FLR_TOKENS is set: authentication is off and the server listens on loopback only',
      );
    } else if (this.config.tokens.size > 0) {
      this.logger.warn('FLR_TOKENS holds static development tokens; production needs OpenID Connect');
    }
    // One writer per data folder: a second server on the same folder stops here with the reason,
    // instead of starting, reporting healthy and failing every command.
    if (this.store instanceof EmbeddedEventStore) this.store.claimWriter();
    if (!this.config.runProjections) return;
    // Read models catch up (or rebuild from the whole log) in this event loop: started once the
    // server listens, so a long rebuild never holds up listening or the writer's start (issue 8).
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || server.listening) return this.runtime.start();
    server.once('listening', () => {
      this.runtime.start().catch((error: unknown) => {
        this.logger.error(`The read models did not start: ${(error as Error).message}`);
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
    await this.store.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig(process.env, [capitationSettingsProblems]) },
    { provide: EVENT_STORE, useFactory: openStore, inject: [APP_CONFIG] },
    {
      provide: PROJECTION_RUNTIME,
      useFactory: (config: AppConfig, store: EventStore) => {
        // Rebuilds run in worker threads reading the embedded log (issue 13: an online rebuild froze
        // the server). On EventStoreDB the API has no local copy of the log for a thread to read, and
        // a thread re-reading $all over gRPC per rebuild is what issue 10 rules out: copies build here.
        const rebuildThreads =
          store instanceof EmbeddedEventStore
            ? { definitions: projectionsModuleUrl, eventLog: eventLogPath(config) }
            : undefined;
        const runtime = new ProjectionRuntime({
          store,
          path: join(config.dataDir, 'readmodels'),
          ...(rebuildThreads ? { rebuildThreads } : {}),
        });
        for (const projection of allProjections) runtime.register(projection);
        for (const memory of allMemoryProjections) runtime.registerMemory(memory);
        return runtime;
      },
      inject: [APP_CONFIG, EVENT_STORE],
    },
    Lifecycle,
    Authenticator,
    AuthFailureLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: IdentityRateLimitGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    RequestTimeoutInterceptor,
    MinPositionInterceptor,
    CommandConsistencyInterceptor,
    // One global interceptor running the three in this order (the timeout outermost).
    {
      provide: APP_INTERCEPTOR,
      useFactory: composeInterceptors,
      inject: [RequestTimeoutInterceptor, MinPositionInterceptor, CommandConsistencyInterceptor],
    },
  ],
  exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME, Authenticator],
})
export class InfrastructureModule {}
