/** The read side's HTTP server for bench-queries: QueriesModule over the bench's LMDB read models. */
import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, EVENT_STORE, loadConfig, PROJECTION_RUNTIME } from '@flr/application';
import { createHttpAdapter } from '../apps/registry-api/src/http-adapter';
import { ErrorFilter } from '../apps/registry-api/src/infrastructure/error.filter';
import { configureNinPolicy } from '../apps/registry-api/src/infrastructure/validation';
import { QueriesModule } from '../apps/registry-api/src/queries/queries.module';
import { openReadModels } from './bench-read-models';

// The synthetic generator marks its people with month + 80 numbers (§1.3).
configureNinPolicy({ allowSynthetic: true });
const models = openReadModels(process.argv[2], true);
const runtime = {
  reader: (name: string) => models.tx[name],
  waitFor: async () => true,
  status: () => [],
};

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useValue: loadConfig({}) },
    { provide: EVENT_STORE, useValue: { headPosition: async () => 0n } },
    { provide: PROJECTION_RUNTIME, useValue: runtime },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [APP_CONFIG, EVENT_STORE, PROJECTION_RUNTIME],
})
class BenchInfrastructure {}

@Module({ imports: [BenchInfrastructure, QueriesModule] })
class BenchModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, createHttpAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
}

void main();
