import { join } from 'node:path';
import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  ConfigError,
  EVENT_STORE,
  loadConfig,
  PROJECTION_RUNTIME,
} from '@flr/application';
import { type EventStore, openEsdbEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allProjections } from '@flr/projections';
import { RegistryWorker } from './worker';

function connectionStringOf(config: AppConfig): string {
  if (!config.eventStoreConnectionString) {
    throw new ConfigError(['EVENTSTORE_CONNECTION_STRING is required: the worker runs against EventStoreDB']);
  }
  return config.eventStoreConnectionString;
}

/** Starts the worker with the application and stops it (runtime, then store) on shutdown. */
class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(RegistryWorker) private readonly worker: RegistryWorker) {}

  onApplicationBootstrap(): Promise<void> {
    return this.worker.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.worker.stop();
  }
}

@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig(process.env) },
    {
      provide: EVENT_STORE,
      useFactory: (config: AppConfig) => openEsdbEventStore(connectionStringOf(config)),
      inject: [APP_CONFIG],
    },
    {
      provide: PROJECTION_RUNTIME,
      useFactory: (config: AppConfig, store: EventStore) => {
        const runtime = new ProjectionRuntime({ store, path: join(config.dataDir, 'readmodels') });
        for (const projection of allProjections) runtime.register(projection);
        return runtime;
      },
      inject: [APP_CONFIG, EVENT_STORE],
    },
    {
      provide: RegistryWorker,
      useFactory: (config: AppConfig, store: EventStore, runtime: ProjectionRuntime) =>
        new RegistryWorker({ store, runtime, connectionString: connectionStringOf(config) }),
      inject: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
    },
    WorkerLifecycle,
  ],
  exports: [RegistryWorker],
})
export class WorkerModule {}
