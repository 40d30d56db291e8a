import { createHash, randomUUID } from 'node:crypto';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type CommandMeta, type RegisterCommand, RegisterCommandMessage } from '@flr/application';
import { InvalidInput, isValidHpr } from '@flr/domain';
import type { CommandFieldsDto } from './command-fields.dto';

export interface CommandRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

function header(req: CommandRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Event metadata from the request: the actor is a short hash of the bearer token (never the token),
 * the correlation id comes from X-Correlation-Id when given, the causation id is the command id.
 */
export function commandMeta(req: CommandRequest, fields: CommandFieldsDto): CommandMeta {
  const token = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
  const actor = token ? `token:${createHash('sha256').update(token).digest('hex').slice(0, 12)}` : 'local';
  const correlationId = header(req, 'x-correlation-id')?.slice(0, 200) || randomUUID();
  return {
    actor,
    commandId: fields.commandId,
    registeredAt: fields.registeredAt,
    correlationId,
    causationId: fields.commandId ?? correlationId,
  };
}

/** Sends a command through the CQRS CommandBus and answers API.md's success body. */
export async function send(
  bus: CommandBus,
  req: CommandRequest,
  fields: CommandFieldsDto,
  command: RegisterCommand,
) {
  return bus.execute(new RegisterCommandMessage(command, commandMeta(req, fields)));
}

/** Path municipality numbers: four digits. */
@Injectable()
export class ParseMunicipalityPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'number', message: 'must be a 4-digit kommunenummer' },
      ]);
    }
    return value;
  }
}

/** Path HPR numbers: a positive integer of at most 9 digits. */
@Injectable()
export class ParseHprPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global validation pipe may already have turned the path text into a number.
    const text = typeof value === 'number' ? String(value) : value;
    const n = Number(text);
    if (typeof text !== 'string' || !/^\d+$/.test(text) || !isValidHpr(n)) {
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'hpr', message: 'hpr must be a positive integer of at most 9 digits' },
      ]);
    }
    return n;
  }
}
