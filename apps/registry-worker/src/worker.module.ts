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
import { type EventStore, openEmbeddedEventStore, openEsdbEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allProjections, projectionsModuleUrl } from '@flr/projections';
import { ReplicaEventStore } from './replica/replica-store';
import { LocalReplica } from './replica/replicator';
import { RegistryWorker } from './worker';

const LOCAL_REPLICA = Symbol('LOCAL_REPLICA');

const replicaPath = (config: AppConfig): string => join(config.dataDir, 'replica');

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
      // Projections build and rebuild from a local copy of $all, never by re-reading it over gRPC.
      provide: LOCAL_REPLICA,
      useFactory: async (config: AppConfig, store: EventStore) =>
        new LocalReplica(store, await openEmbeddedEventStore({ path: replicaPath(config) })),
      inject: [APP_CONFIG, EVENT_STORE],
    },
    {
      provide: PROJECTION_RUNTIME,
      useFactory: (config: AppConfig, store: EventStore, replica: LocalReplica) => {
        const runtime = new ProjectionRuntime({
          store: new ReplicaEventStore(store, replica.local),
          path: join(config.dataDir, 'readmodels'),
          // New and rebuilt copies build in worker threads that read the replica's LMDB files.
          rebuildThreads: { definitions: projectionsModuleUrl, eventLog: replicaPath(config) },
        });
        for (const projection of allProjections) runtime.register(projection);
        return runtime;
      },
      inject: [APP_CONFIG, EVENT_STORE, LOCAL_REPLICA],
    },
    {
      provide: RegistryWorker,
      useFactory: (config: AppConfig, store: EventStore, runtime: ProjectionRuntime, replica: LocalReplica) =>
        new RegistryWorker({ store, runtime, replica, connectionString: connectionStringOf(config) }),
      inject: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME, LOCAL_REPLICA],
    },
    WorkerLifecycle,
  ],
  exports: [RegistryWorker],
})
export class WorkerModule {}
