import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream } from 'pino';
import { loadConfig } from '@flr/application';
import { AppModule } from './app.module';
import { docsGuard } from './infrastructure/docs-guard';
import { Authenticator } from './infrastructure/identity';
import { accessLog, PinoLogger } from './infrastructure/logger';

/** Builds the register's HTTP application (used by main.ts and by the black-box tests). */
export async function createApp(
  options: { logger?: boolean; logDestination?: DestinationStream } = {},
): Promise<INestApplication> {
  const config = loadConfig(process.env);
  const logger = options.logger === false ? null : new PinoLogger(config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: logger ?? false,
    bodyParser: false,
  });
  if (logger) app.use(accessLog(logger.pino));
  // 1 MiB: the largest body any command needs; bigger is 413.
  app.useBodyParser('json', { limit: '1mb', strict: true });
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().disable?.('x-powered-by');
  app.use(docsGuard(app.get(Authenticator)));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fastlegeregisteret (FLR) engine')
      .setDescription("Commands and queries of Norway's GP register, event-sourced. See API.md.")
      .setVersion('1')
      .addBearerAuth()
      .build(),
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
