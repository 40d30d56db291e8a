import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import type { RecordedEvent } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allMemoryProjections, allProjections } from '@flr/projections';
import { InMemoryEventStore } from '@flr/testing';
import { createHttpAdapter } from '../src/http-adapter';
import { AuthGuard } from '../src/infrastructure/auth';
import { Authenticator } from '../src/infrastructure/identity';
import { AuthFailureLimiter } from '../src/infrastructure/limits';
import { ErrorFilter } from '../src/infrastructure/error.filter';
import { MinPositionInterceptor } from '../src/infrastructure/min-position.interceptor';
import { createValidationPipe } from '../src/infrastructure/validation';
import { SecurityModule } from '../src/security/security.module';
import { QueriesModule } from '../src/queries/queries.module';

/**
 * The read side over HTTP for black-box tests: the real projection runtime on a temporary LMDB
 * folder, fed by an in-memory event store into which a test appends the write side's events.
 */
export interface ReadSideApp {
  app: INestApplication;
  url: string;
  store: InMemoryEventStore;
  runtime: ProjectionRuntime;
  /** Appends events as the write side would (one per stream call) and returns the last position. */
  append(events: readonly RecordedEvent[]): Promise<bigint>;
  close(): Promise<void>;
}

export async function startReadSideApp(env: Record<string, string> = {}): Promise<ReadSideApp> {
  const dir = mkdtempSync(join(tmpdir(), 'flr-read-'));
  const store = new InMemoryEventStore();
  const runtime = new ProjectionRuntime({ store, path: join(dir, 'readmodels') });
  for (const p of allProjections) runtime.register(p);
  for (const memory of allMemoryProjections) runtime.registerMemory(memory);

  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: loadConfig({ FLR_DATA_DIR: dir, ...env }) },
      { provide: EVENT_STORE, useValue: store },
      { provide: PROJECTION_RUNTIME, useValue: runtime },
      Authenticator,
      AuthFailureLimiter,
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
      { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
    ],
    exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
  })
  class TestInfrastructure {}

  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule.forRoot(), TestInfrastructure, SecurityModule, QueriesModule],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
  await runtime.start();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    store,
    runtime,
    async append(events) {
      let last = 0n;
      for (const e of events) {
        const r = await store.appendToStream(e.stream, [
          { id: crypto.randomUUID(), type: e.type, data: e.data, metadata: e.metadata },
        ]);
        last = r.position;
      }
      return last;
    },
    async close() {
      await app.close();
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
