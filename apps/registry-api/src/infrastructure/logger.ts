import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

/**
 * Masks anything that may hold a national identity number before it reaches a log line: every run of
 * 11 or more digits (a number with digits added still holds one), but pino's own `"time":` (epoch
 * milliseconds, 13 digits).
 */
export function redactNins(text: string): string {
  return text.replace(/(?<!"time":)(?<!\d)\d{11,}(?!\d)/g, (digits) =>
    '*'.repeat(Math.max(11, digits.length)),
  );
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

/**
 * One access-log line per answered request (method, path, status, duration, caller): a Fastify
 * `onResponse` hook. Paths carry identity numbers (`/v1/persons/{nin}/gp`): the logger's redaction
 * masks them.
 */
export function accessLog(logger: pino.Logger) {
  return async (
    request: { method: string; url: string; principal?: { consumer: string } },
    reply: { statusCode: number; elapsedTime: number },
  ): Promise<void> => {
    logger.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        consumer: request.principal?.consumer,
      },
      'request',
    );
  };
}
