import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream } from 'pino';
import { loadConfig } from '@flr/application';
import { AppModule } from './app.module';
import { createHttpAdapter, SECURITY_HEADERS } from './http-adapter';
import { readApiContract, teachOpenApi } from './docs/teach-openapi';
import { docsGuard } from './infrastructure/docs-guard';
import { Authenticator } from './infrastructure/identity';
import { accessLog, PinoLogger } from './infrastructure/logger';

/** Builds the register's HTTP application (used by main.ts and by the black-box tests). */
export async function createApp(
  options: { logger?: boolean; logDestination?: DestinationStream } = {},
): Promise<INestApplication> {
  const config = loadConfig(process.env);
  const logger = options.logger === false ? null : new PinoLogger(config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), {
    logger: logger ?? false,
  });
  await app.register(helmet, SECURITY_HEADERS);
  const fastify = app.getHttpAdapter().getInstance();
  if (logger) fastify.addHook('onResponse', accessLog(logger.pino));
  // Swagger serves /docs outside Nest's guards: the same authentication runs as a Fastify hook.
  fastify.addHook('onRequest', docsGuard(app.get(Authenticator)));
  app.enableShutdownHooks();
  // The generated document, made to teach: summaries, FLR operations, rules, examples, refusals, API.md.
  const document = teachOpenApi(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Fastlegeregisteret (FLR) engine')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
    readApiContract(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

export async function startApp(): Promise<INestApplication> {
  const config = loadConfig(process.env);
  const app = await createApp();
  await app.listen(config.port, config.host);
  return app;
}
