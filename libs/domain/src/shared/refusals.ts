import { RuleRefusal, UnknownResource } from '../errors';

/** Throws a rule refusal: a stable code plus the DOMAIN.md rule id it rests on. */
export function refuse(
  code: string,
  rule: string,
  message: string,
  details?: Record<string, unknown>,
): never {
  throw new RuleRefusal(code, rule, message, details);
}

export function unknown(
  code: 'UNKNOWN_PERSON' | 'UNKNOWN_CONTRACT' | 'UNKNOWN_GP' | string,
  message?: string,
): never {
  throw new UnknownResource(code, message);
}

/** Exhaustiveness check for discriminated-union switches. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
