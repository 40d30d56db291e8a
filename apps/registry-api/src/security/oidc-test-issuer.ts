import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

/** A local OpenID Connect issuer for tests: serves a JWKS on a random loopback port and signs tokens. */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  /** Environment for the register: FLR_OIDC_ISSUER, _AUDIENCE, _JWKS_URL. */
  readonly env: Record<string, string>;
  /** A token for `clientId` with `scopes`; `overrides` replace claims (exp, aud, iss), `foreignKey` signs with a key not in the JWKS. */
  token(
    clientId: string,
    scopes: readonly string[],
    overrides?: JWTPayload & { foreignKey?: boolean },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(audience = 'nhn:flr-test'): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/issuer`;
  const jwksUrl = `${base}/jwks`;
  return {
    issuer,
    jwksUrl,
    audience,
    env: { FLR_OIDC_ISSUER: issuer, FLR_OIDC_AUDIENCE: audience, FLR_OIDC_JWKS_URL: jwksUrl },
    async token(clientId, scopes, overrides = {}) {
      const { foreignKey, ...claims } = overrides;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        client_id: clientId,
        scope: scopes.join(' '),
        iss: issuer,
        aud: audience,
        iat: now,
        exp: now + 300,
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'at+jwt' })
        .sign(foreignKey ? foreign.privateKey : privateKey);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
