/**
 * Issue 13: least privilege on the feed (identity numbers only with the scope, otherwise a
 * per-consumer keyed pseudonym), the append-only audit of person reads, and no-store on person data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nin, noon, type Register, startRegister } from '../../test/acceptance/harness';
import { startTestIssuer, type TestIssuer } from './oidc-test-issuer';
import { PSEUDONYM } from './pseudonyms';

let issuer: TestIssuer;
let reg: Register;
const person = nin('1975-03-03');
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
let admin: string;
let analyst: string;
let subscriberA: string;
let subscriberB: string;
let subscriberWithNins: string;

async function ok(path: string, body: unknown): Promise<void> {
  const r = await reg.post(path, body, auth(admin));
  if (r.status >= 300) throw new Error(`setup ${path} -> ${r.status} ${r.text}`);
}

function feedLines(text: string): { type: string; data: Record<string, unknown> }[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  reg = await startRegister(issuer.env);
  admin = await issuer.token('ops-console', ['flr/admin']);
  analyst = await issuer.token('analytics', ['flr/analyst']);
  subscriberA = await issuer.token('municipality-oslo', ['flr/subscriber']);
  subscriberB = await issuer.token('pharmacy-chain', ['flr/subscriber']);
  subscriberWithNins = await issuer.token('helsenorge', ['flr/subscriber', 'flr/nin']);
  await ok('/v1/contracts', {
    contractId: 'L-SEC',
    municipality: '0301',
    officeOrgNo: '923609016',
    maxPatients: 10,
    validFrom: '2001-06-01',
    registeredAt: noon('2020-01-02'),
  });
  await ok('/v1/persons', { nin: person, municipality: '0301', registeredAt: noon('2020-01-02') });
  await ok('/v1/assignments', { nin: person, contractId: 'L-SEC', registeredAt: noon('2020-01-03') });
});
afterAll(async () => {
  await reg?.close();
  await issuer?.close();
});

describe('the event feed', () => {
  it('gives a subscriber without the identity-number scope its own stable pseudonyms, no 11-digit number', async () => {
    const a1 = await reg.get('/v1/events', auth(subscriberA));
    const a2 = await reg.get('/v1/events', auth(subscriberA));
    const b = await reg.get('/v1/events', auth(subscriberB));
    expect(a1.text).not.toMatch(/\d{11}/);
    expect(b.text).not.toMatch(/\d{11}/);
    const ninOf = (text: string) =>
      feedLines(text).find((e) => e.type === 'PatientOnContractCreated')?.data.patientNin as string;
    expect(ninOf(a1.text)).toMatch(PSEUDONYM);
    expect(ninOf(a2.text)).toBe(ninOf(a1.text));
    expect(ninOf(b.text)).toMatch(PSEUDONYM);
    expect(ninOf(b.text)).not.toBe(ninOf(a1.text));
  });

  it('gives identity numbers to a subscriber with the scope, and to an analyst', async () => {
    for (const token of [subscriberWithNins, analyst]) {
      const r = await reg.get('/v1/events', auth(token));
      const created = feedLines(r.text).find((e) => e.type === 'PatientOnContractCreated');
      expect(created?.data.patientNin).toBe(person);
    }
  });
});

describe('the audit of reads', () => {
  it('records who read which person with which query, pseudonymised, and lists a person’s reads for an admin', async () => {
    expect((await reg.get(`/v1/persons/${person}/gp?at=2024-01-01`, auth(analyst))).status).toBe(200);
    expect((await reg.get(`/v1/persons/${person}/gp-history`, auth(admin))).status).toBe(200);
    const other = nin('1990-09-09');
    expect((await reg.get(`/v1/persons/${other}/gp`, auth(analyst))).status).toBe(404);

    const mine = await reg.get(`/v1/admin/audit/reads?nin=${person}`, auth(admin));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        consumer: 'analytics',
        query: 'GET /v1/persons/:nin/gp',
        params: { at: '2024-01-01' },
        person: expect.stringMatching(PSEUDONYM),
        outcome: 'answered',
      }),
      expect.objectContaining({ consumer: 'ops-console', query: 'GET /v1/persons/:nin/gp-history' }),
    ]);
    const refused = await reg.get(`/v1/admin/audit/reads?nin=${other}`, auth(admin));
    expect(refused.body).toEqual([expect.objectContaining({ consumer: 'analytics', outcome: 'refused' })]);
    const byConsumer = await reg.get('/v1/admin/audit/reads?consumer=ops-console', auth(admin));
    expect(byConsumer.body.map((r: { query: string }) => r.query)).toEqual([
      'GET /v1/persons/:nin/gp-history',
    ]);
  });

  it('keeps no identity number in the log file, and no role can read it except admin', async () => {
    await reg.get(`/v1/persons/${person}/lists`, auth(analyst));
    await reg.post('/v1/persons/gp-at-time', [{ nin: person, at: '2024-01-01' }], auth(analyst));
    const file = readFileSync(join(reg.dataDir, 'audit', 'reads.ndjson'), 'utf8');
    expect(file).not.toMatch(/\d{11}/);
    expect(file).toContain('"query":"POST /v1/persons/gp-at-time"');
    for (const token of [analyst, subscriberWithNins])
      expect((await reg.get('/v1/admin/audit/reads', auth(token))).status).toBe(403);
  });

  it('records a whole-list read against its contract', async () => {
    await reg.get('/v1/contracts/L-SEC/patients', auth(analyst));
    const all = await reg.get('/v1/admin/audit/reads?consumer=analytics', auth(admin));
    expect(all.body.at(-1)).toMatchObject({ query: 'GET /v1/contracts/:id/patients', contract: 'L-SEC' });
  });
});

it('answers person data with Cache-Control: no-store, security headers and without X-Powered-By', async () => {
  for (const r of [
    await reg.get(`/v1/persons/${person}/gp`, auth(analyst)),
    await reg.get('/v1/persons/15038512364/gp', auth(analyst)),
  ]) {
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  }
});
