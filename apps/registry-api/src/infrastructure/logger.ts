import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

/** Masks anything shaped like a national identity number (11 digits) before it reaches a log line. */
export function redactNins(text: string): string {
  return text.replace(/(?<!\d)\d{11}(?!\d)/g, '***********');
}

/** Nest's Logger backed by pino (STYLE.md §9). */
export class PinoLogger implements LoggerService {
  private readonly pino: pino.Logger;

  constructor(level: string) {
    this.pino = pino({ level, base: { service: 'registry-api' } });
  }

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, redactNins(String(message)));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace: trace ? redactNins(trace) : undefined }, redactNins(String(message)));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, redactNins(String(message)));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, redactNins(String(message)));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, redactNins(String(message)));
  }
}
