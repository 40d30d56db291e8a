import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { APP_CONFIG, type AppConfig, type OidcConfig, type Role } from '@flr/application';

/** Who is calling: a verified OIDC client or user, a development token, or (auth off) the loopback caller. */
export interface Principal {
  /** The downstream system or user: OIDC `client_id`/`azp`/`sub`, `token:<n>` for a development token. */
  readonly consumer: string;
  readonly roles: readonly Role[];
  /** Whether the caller may see national identity numbers in the event feed (otherwise pseudonyms). */
  readonly mayReadNins: boolean;
  readonly method: 'oidc' | 'static-token' | 'none';
}

/** A bearer token that does not identify a caller; `reason` is safe to return (it never echoes the token). */
export class AuthenticationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthenticationError';
  }
}

const ANONYMOUS_LOOPBACK: Principal = {
  consumer: 'loopback',
  roles: ['admin', 'analyst', 'subscriber'],
  mayReadNins: true,
  method: 'none',
};

/** A compact JWS: three base64url parts. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Turns an `Authorization` header into a Principal. OIDC access tokens are verified with `jose`
 * against the configured issuer, audience and JWKS (signature, `exp`, `nbf`, `iss`, `aud`); their
 * scopes map to roles. Development tokens (FLR_TOKENS) are compared as opaque strings.
 */
@Injectable()
export class Authenticator {
  private readonly staticTokens: ReadonlyMap<string, Principal>;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const statics = new Map<string, Principal>();
    let n = 0;
    for (const [token, role] of config.tokens) {
      n += 1;
      statics.set(token, {
        consumer: `token:${n}`,
        roles: [role],
        mayReadNins: true,
        method: 'static-token',
      });
    }
    this.staticTokens = statics;
    this.jwks = config.oidc
      ? createRemoteJWKSet(new URL(config.oidc.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : null;
  }

  get enabled(): boolean {
    return !this.config.authDisabled;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!this.enabled) return ANONYMOUS_LOOPBACK;
    if (!authorization) throw new AuthenticationError('A bearer token is required');
    const match = /^Bearer +(\S+)$/i.exec(authorization);
    if (!match) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    const fixed = this.staticTokens.get(token);
    if (fixed) return fixed;
    if (this.jwks && this.config.oidc && JWT_SHAPE.test(token))
      return this.verifyOidc(token, this.config.oidc, this.jwks);
    throw new AuthenticationError('The bearer token is not recognised');
  }

  private async verifyOidc(
    token: string,
    oidc: OidcConfig,
    jwks: ReturnType<typeof createRemoteJWKSet>,
  ): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: oidc.issuer,
        audience: [...oidc.audience],
        clockTolerance: oidc.clockToleranceS,
        algorithms: [
          'RS256',
          'PS256',
          'ES256',
          'RS384',
          'PS384',
          'ES384',
          'RS512',
          'PS512',
          'ES512',
          'EdDSA',
        ],
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw new AuthenticationError(describeJoseError(e));
    }
    const scopes = scopesOf(payload);
    const roles = [...new Set(scopes.flatMap((s) => oidc.roleScopes.get(s) ?? []))];
    const consumer = stringClaim(payload, 'client_id') ?? stringClaim(payload, 'azp') ?? payload.sub;
    if (!consumer) throw new AuthenticationError('The token names no client (client_id, azp or sub)');
    return {
      consumer,
      roles,
      mayReadNins: mayReadNins(roles, scopes.includes(oidc.ninScope)),
      method: 'oidc',
    };
  }
}

/**
 * Least privilege on the feed: administrators and analysts work with identity numbers anyway; a
 * subscriber sees them only with the identity-number scope, otherwise per-consumer pseudonyms.
 */
function mayReadNins(roles: readonly Role[], ninScope: boolean): boolean {
  return ninScope || roles.includes('admin') || roles.includes('analyst');
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `scope` as a space-separated string (RFC 8693/9068) or an array (HelseID, `scp`). */
function scopesOf(payload: JWTPayload): string[] {
  const out: string[] = [];
  for (const claim of [payload.scope, payload.scp]) {
    if (typeof claim === 'string') out.push(...claim.split(' ').filter(Boolean));
    else if (Array.isArray(claim)) out.push(...claim.filter((s): s is string => typeof s === 'string'));
  }
  return out;
}

function describeJoseError(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'The bearer token has expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'The bearer token is for another audience';
    if (e.claim === 'iss') return 'The bearer token is from another issuer';
    if (e.claim === 'nbf') return 'The bearer token is not valid yet';
    return `The bearer token's ${e.claim} claim is invalid`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'The bearer token signature is invalid';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'The bearer token is signed with an unknown key';
  if (e instanceof joseErrors.JWKSTimeout) return "The issuer's signing keys could not be fetched in time";
  return 'The bearer token could not be verified';
}
