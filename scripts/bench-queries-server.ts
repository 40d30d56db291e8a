/**
 * The read side's HTTP server for bench-queries: QueriesModule over the bench log's runtime
 * (directory + link index), plus GET /bench/no-op, an endpoint that does no work at all, as the
 * same server's ceiling.
 */
import 'reflect-metadata';
import { Controller, Get, Global, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import type { ReadModelReader } from '@flr/projections';
import { createHttpAdapter } from '../apps/registry-api/src/http-adapter';
import { ErrorFilter } from '../apps/registry-api/src/infrastructure/error.filter';
import { configureNinPolicy } from '../apps/registry-api/src/infrastructure/validation';
import { QueriesModule } from '../apps/registry-api/src/queries/queries.module';
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

async function main(): Promise<void> {
  const readSide = await openReadSide(process.argv[2]!);
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
      { provide: APP_CONFIG, useValue: loadConfig({}) },
      { provide: EVENT_STORE, useValue: readSide.store },
      { provide: PROJECTION_RUNTIME, useValue: facade },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
    exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
  })
  class BenchInfrastructure {}

  @Module({ imports: [BenchInfrastructure, QueriesModule], controllers: [NoOpController] })
  class BenchModule {}

  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, createHttpAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
}

void main();
