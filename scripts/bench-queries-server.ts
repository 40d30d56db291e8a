/**
 * The read side's HTTP server for bench-queries and bench-national: QueriesModule over the bench
 * log's runtime (directory + link index) behind the API's own request chain (authentication, the
 * per-identity rate limit, request timeout, read audit, metrics, no-store headers, X-Min-Position,
 * validation, the error filter), plus GET /bench/no-op, an endpoint that does no work at all, behind
 * the same chain, as the same server's ceiling. The rate limit is raised so it counts but never
 * refuses; no tokens are configured (the development default), so every caller is one identity.
 */
import 'reflect-metadata';
import { Controller, Get, Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import type { ReadModelReader } from '@flr/projections';
import { createHttpAdapter } from '../apps/registry-api/src/http-adapter';
import { composeInterceptors } from '../apps/registry-api/src/infrastructure/compose-interceptors';
import { AuthGuard } from '../apps/registry-api/src/infrastructure/auth';
import { ErrorFilter } from '../apps/registry-api/src/infrastructure/error.filter';
import { Authenticator } from '../apps/registry-api/src/infrastructure/identity';
import {
  AuthFailureLimiter,
  IdentityRateLimitGuard,
  RequestTimeoutInterceptor,
} from '../apps/registry-api/src/infrastructure/limits';
import { MinPositionInterceptor } from '../apps/registry-api/src/infrastructure/min-position.interceptor';
import { configureNinPolicy, createValidationPipe } from '../apps/registry-api/src/infrastructure/validation';
import { QueriesModule } from '../apps/registry-api/src/queries/queries.module';
import { SecurityModule } from '../apps/registry-api/src/security/security.module';
import { openReadSide } from './bench-read-side';

// The synthetic generator marks its people with month + 80 numbers (§1.3).
configureNinPolicy({ allowSynthetic: true });

@Controller('bench')
class NoOpController {
  @Get('no-op')
  noOp() {
    return {};
  }
}

/** Read models the bench does not build answer as empty (the gp route reads none of them). */
const EMPTY: ReadModelReader = { get: () => undefined, range: () => [] };

/** The query server over the bench log in `dir`, not yet listening. */
export async function createQueriesServer(dir: string): Promise<NestFastifyApplication> {
  const readSide = await openReadSide(dir);
  const { runtime } = readSide;
  const facade = {
    reader: (name: string) => (name === 'directory' ? runtime.reader(name) : EMPTY),
    memory: (name: string) => runtime.memory(name),
    waitFor: async () => true,
    status: () => runtime.status(),
  };

  @Global()
  @Module({
    providers: [
      {
        provide: APP_CONFIG,
        useValue: loadConfig({
          FLR_DATA_DIR: join(dir, 'bench-server-data'),
          FLR_RATE_LIMIT_PER_MINUTE: '10000000',
        }),
      },
      { provide: EVENT_STORE, useValue: readSide.store },
      { provide: PROJECTION_RUNTIME, useValue: facade },
      Authenticator,
      AuthFailureLimiter,
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: IdentityRateLimitGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
      RequestTimeoutInterceptor,
      MinPositionInterceptor,
      // As the API's InfrastructureModule: its interceptors as one (without the commands' one).
      {
        provide: APP_INTERCEPTOR,
        useFactory: composeInterceptors,
        inject: [RequestTimeoutInterceptor, MinPositionInterceptor],
      },
    ],
    exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
  })
  class BenchInfrastructure {}

  @Module({ imports: [BenchInfrastructure, SecurityModule, QueriesModule], controllers: [NoOpController] })
  class BenchModule {}

  return NestFactory.create<NestFastifyApplication>(BenchModule, createHttpAdapter(), { logger: false });
}

async function main(): Promise<void> {
  const app = await createQueriesServer(process.argv[2]!);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
  // Closed and exited on SIGTERM, so a `--cpu-prof` profile is written.
  process.once('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

// Run as a script (forked by the benchmarks), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
