/**
 * API.md "Conventions: Authentication": bearer tokens from FLR_TOKENS; 401 UNAUTHENTICATED without a valid
 * token, 403 FORBIDDEN for a role that may not call the endpoint; commands = admin, queries = admin/analyst,
 * feed = subscriber/admin/analyst.
 */
import { expectCommandOk, nin, noon, type Register, startRegister } from './harness';

let reg: Register;
const ADMIN = { authorization: 'Bearer acc-admin-token' };
const ANALYST = { authorization: 'Bearer acc-analyst-token' };
const SUBSCRIBER = { authorization: 'Bearer acc-sub-token' };
let person: string;

beforeAll(async () => {
  reg = await startRegister({
    FLR_TOKENS: 'acc-admin-token:admin,acc-analyst-token:analyst,acc-sub-token:subscriber',
  });
  person = nin('1984-04-04');
});
afterAll(async () => reg?.close());

const body = () => ({ nin: person, municipality: '0301', registeredAt: noon('2020-01-02') });

it('a command without a token is 401 UNAUTHENTICATED and writes nothing', async () => {
  const head = await reg.head();
  const r = await reg.post('/v1/persons', body());
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  expect(await reg.head()).toBe(head);
});

it('an unknown token or a malformed header is 401 UNAUTHENTICATED', async () => {
  for (const authorization of ['Bearer nope', 'acc-admin-token', 'Basic YWRtaW46YWRtaW4=']) {
    const r = await reg.post('/v1/persons', body(), { authorization });
    expect({ authorization, status: r.status, code: r.body?.code }).toEqual({
      authorization,
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  }
});

it('an analyst or subscriber calling a command is 403 FORBIDDEN and writes nothing', async () => {
  const head = await reg.head();
  for (const h of [ANALYST, SUBSCRIBER]) {
    const r = await reg.post('/v1/persons', body(), h);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const j = await reg.post('/v1/jobs/daily', { date: '2024-01-01' }, h);
    expect({ status: j.status, code: j.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  }
  expect(await reg.head()).toBe(head);
});

it('an admin may command', async () => {
  expectCommandOk(await reg.post('/v1/persons', body(), ADMIN));
});

it('queries need a token; admin and analyst may query, a subscriber may not', async () => {
  const path = `/v1/persons/${person}/gp-history`;
  const none = await reg.get(path);
  expect({ status: none.status, code: none.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  expect((await reg.get(path, ADMIN)).status).toBe(200);
  expect((await reg.get(path, ANALYST)).status).toBe(200);
  const sub = await reg.get(path, SUBSCRIBER);
  expect({ status: sub.status, code: sub.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  const batch = await reg.post('/v1/persons/gp-at-time', [{ nin: person, at: '2024-01-01' }], ANALYST);
  expect([200, 201]).toContain(batch.status);
});

it('the event feed is open to subscriber, admin and analyst, not to anonymous callers', async () => {
  for (const h of [SUBSCRIBER, ADMIN, ANALYST]) expect((await reg.get('/v1/events', h)).status).toBe(200);
  const none = await reg.get('/v1/events');
  expect({ status: none.status, code: none.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
});

it('the liveness probe is open; detailed health and the API documentation need a role', async () => {
  expect((await reg.get('/health/live')).status).toBe(200);
  for (const path of ['/health', '/docs-json']) {
    const none = await reg.get(path);
    expect({ path, status: none.status, code: none.body?.code }).toEqual({
      path,
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect((await reg.get(path, ANALYST)).status).toBe(200);
  }
  expect((await reg.get('/health', SUBSCRIBER)).status).toBe(403);
  expect((await reg.get('/docs-json', SUBSCRIBER)).status).toBe(200);
});
