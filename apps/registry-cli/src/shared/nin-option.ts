import { parseNin, parseRegisterRules } from '@flr/domain';
import { UsageError } from './cli-errors';

/**
 * An identity number the register cannot hold (§1.1-1.3): the API's 400 INVALID_NIN or NOT_A_REGISTER_ID.
 * A usage error: asking about it would answer "unknown person", as if the number had been checked.
 */
export class InvalidNinError extends UsageError {
  constructor(
    readonly code: 'INVALID_NIN' | 'NOT_A_REGISTER_ID',
    flag: string,
    reason: string,
  ) {
    super(`${code}: ${flag} ${reason}`);
  }
}

/**
 * Checks a NIN given on the command line as the API checks one in a path or a body (parseNin under the
 * register's rule settings: synthetic numbers, the 2032 rule). The message never echoes the number.
 */
export function validNin(flag: string, value: string, env: NodeJS.ProcessEnv = process.env): string {
  const rules = parseRegisterRules(env);
  const result = parseNin(value, { allowSynthetic: rules.allowSyntheticNins, rule2032: rules.nin2032 });
  if (!result.ok) throw new InvalidNinError(result.code, flag, result.message);
  return result.nin.value;
}
