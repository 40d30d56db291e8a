import { readFileSync } from 'node:fs';
import { type FieldError, InvalidInput, RuleRefusal, UnknownResource } from '@flr/domain';

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
 * Reads the refusal journal of earlier versions (one JSON line per refusal, oldest first), for the
 * outcome index to take over. A line torn by a crash was never answered, so it is skipped.
 */
export function readRefusalJournal(path: string): RefusedCommand[] {
  const out: RefusedCommand[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as RefusedCommand);
    } catch {
      // the torn last line of a crash: never acknowledged
    }
  }
  return out;
}
