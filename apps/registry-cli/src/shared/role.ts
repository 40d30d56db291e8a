import { loadConfig } from '@flr/application';
import { UsageError } from './cli-errors';

export type CliRole = 'analyst' | 'admin';

/**
 * `--role admin` (NINs, exact dates) is the register administrator's own export. When the register runs
 * with FLR_TOKENS, the admin role needs FLR_TOKEN set to an admin token of that list, as over HTTP;
 * without FLR_TOKENS (a development register on loopback) the flag is enough.
 */
export function resolveRole(requested: CliRole | undefined, env = process.env): CliRole {
  if (requested !== 'admin') return 'analyst';
  const tokens = loadConfig(env).tokens;
  if (tokens.size === 0) return 'admin';
  const token = env.FLR_TOKEN?.trim();
  if (!token || tokens.get(token) !== 'admin') {
    throw new UsageError('--role admin needs FLR_TOKEN set to an admin token from FLR_TOKENS');
  }
  return 'admin';
}
