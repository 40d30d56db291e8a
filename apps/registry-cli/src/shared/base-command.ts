import { CommandRunner, Option } from 'nest-commander';
import { UsageError } from './cli-errors';
import { type StoreLocation, storeLocation } from './register-store';

export interface BaseOptions {
  dataDir?: string;
}

/** `--data-dir` on every command that reads or writes a register. */
export abstract class RegisterCommand<O extends BaseOptions = BaseOptions> extends CommandRunner {
  abstract execute(args: string[], options: O): Promise<void>;

  async run(args: string[], options?: O): Promise<void> {
    await this.execute(args, (options ?? {}) as O);
  }

  @Option({
    flags: '-d, --data-dir <folder>',
    description: 'the register folder (default: FLR_DATA_DIR, else ./data)',
  })
  parseDataDir(value: string): string {
    return value;
  }

  protected location(options: O): StoreLocation {
    return storeLocation(options.dataDir);
  }
}

export function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function businessDate(name: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export interface DisclosingOptions extends BaseOptions {
  secret?: string;
  purpose?: string;
}

/** `--secret` and `--purpose`: the commands whose output holds pseudonyms (R48). */
export abstract class DisclosingCommand<
  O extends DisclosingOptions = DisclosingOptions,
> extends RegisterCommand<O> {
  @Option({
    flags: '--secret <secret>',
    description: 'pseudonym secret for this disclosure (>= 16 characters; default: random)',
  })
  parseSecret(value: string): string {
    if (value.length < 16) throw new UsageError('--secret must be at least 16 characters');
    return value;
  }

  @Option({
    flags: '--purpose <text>',
    description: 'why the data is disclosed (written to the disclosure log; export requires it)',
  })
  parsePurpose(value: string): string {
    return value;
  }
}
