import { appendFileSync, closeSync, existsSync, fdatasync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { type FieldError, InvalidInput, RuleRefusal, UnknownResource } from '@flr/domain';

const sync = promisify(fdatasync);

/** A refusal as stored: enough to answer a resend exactly as the first time. */
export type StoredRefusal =
  | {
      readonly kind: 'rule';
      readonly code: string;
      readonly rule: string;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'unknown'; readonly code: string; readonly message: string }
  | { readonly kind: 'invalid'; readonly code: string; readonly errors: readonly FieldError[] };

export interface RefusedCommand {
  readonly commandId: string;
  readonly fingerprint: string;
  readonly refusal: StoredRefusal;
}

/**
 * Where refused commands with a commandId are kept, so a resend after a restart is refused the same
 * way instead of carried out (API.md idempotency). Nothing was appended for them, so the log cannot
 * hold them.
 */
export interface RefusalJournal {
  /** Every refusal recorded so far, oldest first. */
  load(): RefusedCommand[];
  /** Resolves once the refusal is on disk: the caller hears of it only then. */
  record(refused: RefusedCommand): Promise<void>;
  close(): void;
}

export function storedRefusal(error: unknown): StoredRefusal | null {
  if (error instanceof RuleRefusal)
    return {
      kind: 'rule',
      code: error.code,
      rule: error.rule,
      message: error.message,
      details: error.details,
    };
  if (error instanceof UnknownResource) return { kind: 'unknown', code: error.code, message: error.message };
  if (error instanceof InvalidInput) return { kind: 'invalid', code: error.code, errors: error.errors };
  return null;
}

export function refusalError(stored: StoredRefusal): Error {
  switch (stored.kind) {
    case 'rule':
      return new RuleRefusal(stored.code, stored.rule, stored.message, stored.details);
    case 'unknown':
      return new UnknownResource(stored.code, stored.message);
    case 'invalid':
      return new InvalidInput(stored.code, stored.errors);
  }
}

/**
 * One JSON line per refusal in an append-only file, fdatasynced before the refusal is answered. A line
 * torn by a crash was never answered, so loading skips it.
 */
export class FileRefusalJournal implements RefusalJournal {
  private fd: number | null = null;

  constructor(private readonly path: string) {}

  load(): RefusedCommand[] {
    if (!existsSync(this.path)) return [];
    const out: RefusedCommand[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as RefusedCommand);
      } catch {
        // the torn last line of a crash: never acknowledged
      }
    }
    return out;
  }

  async record(refused: RefusedCommand): Promise<void> {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.fd = openSync(this.path, 'a', 0o600);
    }
    // A torn line from a crash is closed by the newline in front, so this record parses.
    appendFileSync(this.fd, `\n${JSON.stringify(refused)}\n`);
    await sync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
