/**
 * Configuration from the environment, validated at start-up. Defaults work with zero configuration.
 * Every variable is documented in the README's configuration table.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseRegisterRules, RegisterRulesError } from '@flr/domain';

export type Role = 'admin' | 'analyst' | 'subscriber';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'subscriber'];

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Embedded store and read models live here. */
  readonly dataDir: string;
  /** Development tokens: token -> role. Refused when NODE_ENV=production. */
  readonly tokens: ReadonlyMap<string, Role>;
  /** OpenID Connect bearer tokens (HelseID model); null when not configured. */
  readonly oidc: OidcConfig | null;
  /** Key for feed and audit pseudonyms; null: a random key kept in `<dataDir>/keys/pseudonym.key`. */
  readonly pseudonymSecret: string | null;
  /** Requests per minute per authenticated identity before 429 (not applied with authentication off). */
  readonly rateLimitPerMinute: number;
  /** Failed authentications per minute per client address before 429. */
  readonly authFailuresPerMinute: number;
  /** A request not answered within this many milliseconds is 503 (the event feed streams are exempt). */
  readonly requestTimeoutMs: number;
  /** Neither tokens nor OIDC: authentication is off and the server binds to loopback only. */
  readonly authDisabled: boolean;
  readonly eventStoreConnectionString: string | null;
  /** Whether this process runs projections and process managers (default: yes, unless on EventStoreDB). */
  readonly runProjections: boolean;
  /** How long a query with X-Min-Position waits for the read models before answering 503. */
  readonly minPositionWaitMs: number;
  readonly logLevel: string;
  /** Raw `FLR_RULE_*` settings (the register's [U] defaults); parsed and validated by the domain's rule settings. */
  readonly ruleSettings: Readonly<Record<string, string>>;
}

export interface OidcConfig {
  /** Expected `iss`. */
  readonly issuer: string;
  /** Expected `aud` (one of). */
  readonly audience: readonly string[];
  /** Where the issuer's signing keys are published. */
  readonly jwksUrl: string;
  /** Scope (from `scope`/`scp`) -> role it grants. */
  readonly roleScopes: ReadonlyMap<string, Role>;
  /** The scope that lets a feed consumer see identity numbers instead of pseudonyms. */
  readonly ninScope: string;
  /** Allowed clock skew for `exp`/`nbf`, seconds. */
  readonly clockToleranceS: number;
}

export const DEFAULT_ROLE_SCOPES = 'flr/admin:admin,flr/analyst:analyst,flr/subscriber:subscriber';
export const DEFAULT_NIN_SCOPE = 'flr/nin';

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

/** Checks of `FLR_RULE_*` settings owned elsewhere (e.g. the read side's capitation): their problems. */
export type RuleSettingsCheck = (settings: Readonly<Record<string, string>>) => readonly string[];

export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  ruleChecks: readonly RuleSettingsCheck[] = [],
): AppConfig {
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

  const production = env.NODE_ENV?.trim() === 'production';
  if (production && tokens.size > 0)
    problems.push(
      'FLR_TOKENS holds static development tokens and is refused when NODE_ENV=production; configure FLR_OIDC_ISSUER, FLR_OIDC_AUDIENCE and FLR_OIDC_JWKS_URL',
    );
  const oidc = loadOidc(env, problems);
  if (production && !oidc)
    problems.push(
      'NODE_ENV=production needs OpenID Connect: set FLR_OIDC_ISSUER, FLR_OIDC_AUDIENCE and FLR_OIDC_JWKS_URL',
    );
  const authDisabled = tokens.size === 0 && oidc === null;

  const pseudonymSecret = env.FLR_PSEUDONYM_SECRET?.trim() || null;
  if (pseudonymSecret !== null && pseudonymSecret.length < 32)
    problems.push('FLR_PSEUDONYM_SECRET must be at least 32 characters');

  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || null;
  if (connectionString && !/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//.test(connectionString)) {
    problems.push('EVENTSTORE_CONNECTION_STRING must start with esdb:// (or esdb+discover://)');
  }

  let host = env.HOST?.trim() || '127.0.0.1';
  // API.md: with no authentication configured the server only listens on loopback.
  if (authDisabled && !isLoopback(host)) host = '127.0.0.1';

  const dataDirRaw = env.FLR_DATA_DIR?.trim() || './data';
  const ruleSettings: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('FLR_RULE_') && v !== undefined) ruleSettings[k] = v;
  // Every invalid setting at once, the register's rules included (not one at a time at first use).
  try {
    parseRegisterRules(ruleSettings);
  } catch (error) {
    if (!(error instanceof RegisterRulesError)) throw error;
    problems.push(...error.problems);
  }
  for (const check of ruleChecks) problems.push(...check(ruleSettings));

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(process.cwd(), dataDirRaw),
    tokens,
    oidc,
    pseudonymSecret,
    authDisabled,
    eventStoreConnectionString: connectionString,
    runProjections: bool('FLR_RUN_PROJECTIONS', connectionString === null),
    rateLimitPerMinute: int('FLR_RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
    authFailuresPerMinute: int('FLR_AUTH_FAILURES_PER_MINUTE', 60, 1, 1_000_000),
    requestTimeoutMs: int('FLR_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    minPositionWaitMs: int('FLR_MIN_POSITION_WAIT_MS', 5000, 0, 600000),
    logLevel: logLevel(env.LOG_LEVEL, problems),
    ruleSettings,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** pino's levels, and `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevel(raw: string | undefined, problems: string[]): string {
  const level = raw?.trim().toLowerCase() || 'info';
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join('|')}`);
  return 'info';
}

function loadOidc(env: Readonly<Record<string, string | undefined>>, problems: string[]): OidcConfig | null {
  const issuer = env.FLR_OIDC_ISSUER?.trim() ?? '';
  const audience = (env.FLR_OIDC_AUDIENCE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const jwksUrl = env.FLR_OIDC_JWKS_URL?.trim() ?? '';
  if (!issuer && audience.length === 0 && !jwksUrl) return null;
  const before = problems.length;
  if (!issuer) problems.push('FLR_OIDC_ISSUER is required when OpenID Connect is configured');
  if (audience.length === 0) problems.push('FLR_OIDC_AUDIENCE is required when OpenID Connect is configured');
  if (!/^https?:\/\/\S+$/.test(jwksUrl))
    problems.push(`FLR_OIDC_JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
  const roleScopes = new Map<string, Role>();
  for (const pair of (env.FLR_OIDC_ROLE_SCOPES?.trim() || DEFAULT_ROLE_SCOPES)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf(':');
    const scope = at > 0 ? pair.slice(0, at) : '';
    const role = at > 0 ? pair.slice(at + 1) : '';
    if (!scope || !ROLES.includes(role as Role)) {
      problems.push(`FLR_OIDC_ROLE_SCOPES entries must be scope:role with role in ${ROLES.join('|')}`);
      continue;
    }
    roleScopes.set(scope, role as Role);
  }
  const skewRaw = env.FLR_OIDC_CLOCK_TOLERANCE_S?.trim() || '30';
  const clockToleranceS = Number(skewRaw);
  if (!Number.isInteger(clockToleranceS) || clockToleranceS < 0 || clockToleranceS > 300)
    problems.push(`FLR_OIDC_CLOCK_TOLERANCE_S must be an integer 0..300, got "${skewRaw}"`);
  if (problems.length > before) return null;
  return {
    issuer,
    audience,
    jwksUrl,
    roleScopes,
    ninScope: env.FLR_OIDC_NIN_SCOPE?.trim() || DEFAULT_NIN_SCOPE,
    clockToleranceS,
  };
}
