import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import type { EventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allMemoryProjections, allProjections } from '@flr/projections';
import { InMemoryEventStore } from '@flr/testing';
import { createHttpAdapter } from '../src/http-adapter';
import { AuthGuard } from '../src/infrastructure/auth';
import { Authenticator } from '../src/infrastructure/identity';
import { AuthFailureLimiter } from '../src/infrastructure/limits';
import { CommandConsistencyInterceptor } from '../src/infrastructure/command-consistency.interceptor';
import { ErrorFilter } from '../src/infrastructure/error.filter';
import { MinPositionInterceptor } from '../src/infrastructure/min-position.interceptor';
import { createValidationPipe } from '../src/infrastructure/validation';
import { QueriesModule } from '../src/queries/queries.module';
import { SecurityModule } from '../src/security/security.module';
import { CommandsModule } from '../src/commands/commands.module';

export interface CommandApp {
  readonly url: string;
  readonly store: EventStore;
  /** 'app' = the whole AppModule on a temp FLR_DATA_DIR with the embedded store; 'modules' = fallback. */
  readonly mode: 'app' | 'modules';
  post(path: string, body: unknown, method?: string): Promise<{ status: number; body: any }>;
  get(path: string, minPosition?: string): Promise<{ status: number; body: any }>;
  head(): Promise<bigint>;
  close(): Promise<void>;
}

/**
 * The register over HTTP for black-box command tests. Starts the whole AppModule (embedded store on a
 * temporary FLR_DATA_DIR) when the build has it; otherwise the same modules over an in-memory store.
 */
export async function startCommandApp(env: Record<string, string> = {}): Promise<CommandApp> {
  const dir = mkdtempSync(join(tmpdir(), 'flr-cmd-'));
  const saved = { ...process.env };
  Object.assign(process.env, { FLR_DATA_DIR: dir, FLR_TOKENS: '', ...env });
  let app: INestApplication;
  let mode: CommandApp['mode'] = 'app';
  let runtime: ProjectionRuntime | null = null;
  try {
    const { createApp } = await import('../src/bootstrap');
    app = await createApp({ logger: false });
  } catch (error) {
    if (!(error instanceof SyntaxError) && !String(error).includes('export')) throw error;
    mode = 'modules';
    const store = new InMemoryEventStore();
    runtime = new ProjectionRuntime({ store, path: join(dir, 'readmodels') });
    for (const p of allProjections) runtime.register(p);
    for (const memory of allMemoryProjections) runtime.registerMemory(memory);
    const rt = runtime;
    @Global()
    @Module({
      providers: [
        { provide: APP_CONFIG, useValue: loadConfig({ FLR_DATA_DIR: dir, ...env }) },
        { provide: EVENT_STORE, useValue: store },
        { provide: PROJECTION_RUNTIME, useValue: rt },
        Authenticator,
        AuthFailureLimiter,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CommandConsistencyInterceptor },
      ],
      exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
    })
    class TestInfrastructure {}
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), TestInfrastructure, SecurityModule, CommandsModule, QueriesModule],
    }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await runtime.start();
  }
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const store = app.get<EventStore>(EVENT_STORE);
  const call = async (path: string, init: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    url,
    store,
    mode,
    post: (path, body, method = 'POST') =>
      call(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, minPosition) => call(path, { headers: minPosition ? { 'x-min-position': minPosition } : {} }),
    head: () => store.headPosition(),
    async close() {
      await app.close();
      if (runtime) await runtime.stop();
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
