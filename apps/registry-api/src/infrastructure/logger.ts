import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

/** Masks anything shaped like a national identity number (11 digits) before it reaches a log line. */
export function redactNins(text: string): string {
  return text.replace(/(?<!\d)\d{11}(?!\d)/g, '***********');
}

/**
 * Nest's Logger backed by pino (STYLE.md §9). Every serialised line passes through `redactNins`
 * on its way to the destination, so no field (message, trace, URL, context) can carry a national
 * identity number, whoever logs it.
 */
export class PinoLogger implements LoggerService {
  readonly pino: pino.Logger;

  constructor(level: string, destination?: pino.DestinationStream) {
    const options: pino.LoggerOptions = {
      level,
      base: { service: 'registry-api' },
      hooks: { streamWrite: redactNins },
    };
    this.pino = destination ? pino(options, destination) : pino(options);
  }

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}

interface LoggedRequest extends IncomingMessage {
  principal?: { consumer: string };
}

/**
 * One access-log line per answered request (method, path, status, duration, caller). Connect-style
 * on Node's request/response, so it works on either HTTP adapter. Paths carry identity numbers
 * (`/v1/persons/{nin}/gp`): the logger's redaction masks them.
 */
export function accessLog(logger: pino.Logger) {
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          consumer: req.principal?.consumer,
        },
        'request',
      );
    });
    next();
  };
}
