import 'reflect-metadata';
import { createServer } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RegistryWorker } from './worker';
import { WorkerModule } from './worker.module';

/**
 * `npm run start:worker`: projections and the public stream against EventStoreDB
 * (EVENTSTORE_CONNECTION_STRING required). `FLR_WORKER_HEALTH_PORT` (default 3001) serves
 * `GET /health` for the container health check.
 */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  const worker = app.get(RegistryWorker);
  const port = Number(process.env.FLR_WORKER_HEALTH_PORT ?? 3001);
  const health = createServer((req, res) => {
    const body = worker.health();
    res.writeHead(req.url === '/health' ? (body.ok ? 200 : 503) : 404, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  });
  health.listen(port, process.env.HOST ?? '127.0.0.1');
  // enableShutdownHooks closes the app on SIGTERM and then re-raises the signal, ending the process.
  new Logger('Worker').log(`worker running; health on :${port}/health`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
