/**
 * Issue 13: the role matrix of docs/security.md walked in full against a local OpenID Connect
 * issuer: every endpoint × every role, a token with no role, no token, an expired token, a token
 * for another audience, from another issuer, and one signed with a key the issuer never published.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@flr/application';
import { nin, type Register, startRegister } from '../../test/acceptance/harness';
import { startTestIssuer, type TestIssuer } from './oidc-test-issuer';

interface Row {
  method: string;
  path: string;
  allowed: Set<Role | 'none'>;
}

function readMatrix(): Row[] {
  const text = readFileSync(join(process.cwd(), 'docs/security.md'), 'utf8');
  const section = text.slice(text.indexOf('## Role matrix'));
  const rows: Row[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !/^(GET|POST|PUT|DELETE|PATCH)$/.test(cells[1])) continue;
    const allowed = new Set<Role | 'none'>();
    (['admin', 'analyst', 'subscriber', 'none'] as const).forEach((who, i) => {
      if (cells[3 + i] === '✓') allowed.add(who);
    });
    rows.push({ method: cells[1], path: cells[2], allowed });
  }
  return rows;
}

const ROLE_SCOPES: Record<Role, string> = {
  admin: 'flr/admin',
  analyst: 'flr/analyst',
  subscriber: 'flr/subscriber',
};

let issuer: TestIssuer;
let reg: Register;
const matrix = readMatrix();
const person = nin('1984-04-04');
const tokens: Record<string, string> = {};

beforeAll(async () => {
  issuer = await startTestIssuer();
  // The walk sends hundreds of bad tokens on purpose; the failure limit has its own test.
  reg = await startRegister({ ...issuer.env, FLR_AUTH_FAILURES_PER_MINUTE: '1000000' });
  for (const role of ['admin', 'analyst', 'subscriber'] as const)
    tokens[role] = await issuer.token(`system-${role}`, [ROLE_SCOPES[role], 'openid']);
  const now = Math.floor(Date.now() / 1000);
  tokens.noRole = await issuer.token('system-none', ['openid', 'profile']);
  tokens.expired = await issuer.token('system-admin', [ROLE_SCOPES.admin], {
    iat: now - 7200,
    exp: now - 3600,
  });
  tokens.wrongAudience = await issuer.token('system-admin', [ROLE_SCOPES.admin], { aud: 'nhn:another-api' });
  tokens.wrongIssuer = await issuer.token('system-admin', [ROLE_SCOPES.admin], {
    iss: 'https://evil.example',
  });
  tokens.unknownKey = await issuer.token('system-admin', [ROLE_SCOPES.admin], { foreignKey: true });
});
afterAll(async () => {
  await reg?.close();
  await issuer?.close();
});

const PARAMS: Record<string, string> = {
  nin: person,
  id: 'L-MATRIX',
  contractId: 'L-MATRIX',
  periodId: 'p-1',
  number: '0301',
  orgNo: '923609016',
  hpr: '1234567',
  name: 'no-such-projection',
};

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = PARAMS[name];
    if (!value) throw new Error(`No sample value for path parameter {${name}}`);
    return value;
  });
}

function expectAdmitted(res: { status: number; body: { code?: string } | null }): void {
  expect({ status: res.status, code: res.body?.code }).not.toMatchObject({ code: 'UNAUTHENTICATED' });
  expect({ status: res.status, code: res.body?.code }).not.toMatchObject({ code: 'FORBIDDEN' });
  expect([401, 403]).not.toContain(res.status);
}

async function call(row: Row, token: string | undefined) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const body = row.method === 'GET' || row.method === 'DELETE' ? undefined : {};
  return reg.request(row.method, concrete(row.path), body, headers);
}

it('the documented matrix lists exactly the operations of the OpenAPI document', async () => {
  const doc = await reg.get('/docs-json', { authorization: `Bearer ${tokens.analyst}` });
  expect(doc.status).toBe(200);
  const operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const documented = matrix.map((r) => `${r.method} ${r.path}`).filter((op) => !/ \/docs/.test(op));
  expect([...documented].sort()).toEqual([...operations].sort());
});

describe.each(matrix.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, row) => {
  it.each(['admin', 'analyst', 'subscriber'] as const)('as %s', async (role) => {
    const res = await call(row, tokens[role]);
    if (row.allowed.has(role)) expectAdmitted(res);
    else expect({ status: res.status, code: res.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('with a valid token that carries no register scope', async () => {
    const res = await call(row, tokens.noRole);
    if (row.allowed.has('none')) expectAdmitted(res);
    else expect({ status: res.status, code: res.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it.each([
    ['no token', undefined, /bearer token is required/i],
    ['an expired token', 'expired', /expired/],
    ['a token for another audience', 'wrongAudience', /another audience/],
    ['a token from another issuer', 'wrongIssuer', /another issuer/],
    ['a token signed with an unpublished key', 'unknownKey', /signature is invalid|unknown key/],
    ['a garbage token', 'garbage', /not recognised/],
  ] as const)('with %s', async (_what, which, reason) => {
    const token = which === undefined ? undefined : (tokens[which] ?? 'not-a-token');
    const res = await call(row, token);
    if (row.allowed.has('none')) {
      expectAdmitted(res);
      return;
    }
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(res.body.message).toMatch(reason);
  });
});

it('the walk wrote nothing (every allowed command above was refused as bad input)', async () => {
  const head = await reg.get('/health', { authorization: `Bearer ${tokens.admin}` });
  expect(head.body.head).toBe('0');
});
