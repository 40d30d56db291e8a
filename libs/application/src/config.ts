/**
 * Configuration from the environment, validated at start-up. Defaults work with zero configuration.
 * Every variable is documented in the README's configuration table.
 */
import { isAbsolute, resolve } from 'node:path';

export type Role = 'admin' | 'analyst' | 'subscriber';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'subscriber'];

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Embedded store and read models live here. */
  readonly dataDir: string;
  /** token -> role; empty means authentication is off and the server binds to loopback only. */
  readonly tokens: ReadonlyMap<string, Role>;
  readonly eventStoreConnectionString: string | null;
  /** Whether this process runs projections and process managers (default: yes, unless on EventStoreDB). */
  readonly runProjections: boolean;
  /** How long a query with X-Min-Position waits for the read models before answering 503. */
  readonly minPositionWaitMs: number;
  readonly logLevel: string;
  /** Raw `FLR_RULE_*` settings (the register's [U] defaults); parsed and validated by the domain's rule settings. */
  readonly ruleSettings: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}..${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const tokens = new Map<string, Role>();
  for (const pair of (env.FLR_TOKENS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf(':');
    const token = at > 0 ? pair.slice(0, at) : '';
    const role = at > 0 ? pair.slice(at + 1) : '';
    if (!token || !ROLES.includes(role as Role)) {
      problems.push(`FLR_TOKENS entries must be token:role with role in ${ROLES.join('|')}`);
      continue;
    }
    tokens.set(token, role as Role);
  }

  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || null;
  if (connectionString && !/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//.test(connectionString)) {
    problems.push('EVENTSTORE_CONNECTION_STRING must start with esdb:// (or esdb+discover://)');
  }

  let host = env.HOST?.trim() || '127.0.0.1';
  // API.md: with no tokens configured the server only listens on loopback.
  if (tokens.size === 0 && !isLoopback(host)) host = '127.0.0.1';

  const dataDirRaw = env.FLR_DATA_DIR?.trim() || './data';
  const ruleSettings: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('FLR_RULE_') && v !== undefined) ruleSettings[k] = v;

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(process.cwd(), dataDirRaw),
    tokens,
    eventStoreConnectionString: connectionString,
    runProjections: bool('FLR_RUN_PROJECTIONS', connectionString === null),
    minPositionWaitMs: int('FLR_MIN_POSITION_WAIT_MS', 5000, 0, 600000),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    ruleSettings,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
