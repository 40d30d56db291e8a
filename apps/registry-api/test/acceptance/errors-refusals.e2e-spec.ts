/**
 * API.md "Conventions": the error contract, part 2: 404 with the resource code and 409 rule refusals
 * { code, rule, message }, with nothing written on any refusal.
 */
import {
  expectCommandOk,
  expectNotFound,
  expectRefusal,
  nin,
  noon,
  type Register,
  startRegister,
  world,
} from './harness';

let reg: Register;
let w: ReturnType<typeof world>;
let person: string;
let contract: string;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
  contract = await w.contract({ maxPatients: 50 });
  person = await w.person();
});
afterAll(async () => reg?.close());

/** Runs a request that must be refused and checks the log head did not move. */
async function refused(method: string, path: string, body?: unknown) {
  const before = await reg.head();
  const r = await reg.request(method, path, body);
  expect(await reg.head()).toBe(before);
  return r;
}

describe('404 unknown resources', () => {
  it('UNKNOWN_PERSON for commands on a valid but unregistered nin', async () => {
    const ghost = nin('1982-02-02');
    expectNotFound(
      await refused('POST', `/v1/persons/${ghost}/gp-changes`, { contractId: contract }),
      'UNKNOWN_PERSON',
    );
    expectNotFound(
      await refused('POST', `/v1/persons/${ghost}/moves`, { municipality: '4601', movedOn: '2024-04-10' }),
      'UNKNOWN_PERSON',
    );
    expectNotFound(
      await refused('POST', `/v1/persons/${ghost}/death`, { diedOn: '2024-04-10' }),
      'UNKNOWN_PERSON',
    );
    expectNotFound(
      await refused('POST', '/v1/assignments', { nin: ghost, contractId: contract }),
      'UNKNOWN_PERSON',
    );
    expectNotFound(await refused('POST', `/v1/waiting-lists/${contract}`, { nin: ghost }), 'UNKNOWN_PERSON');
  });

  it('a query about an unregistered person is 404 (UNKNOWN_PERSON or NO_GP)', async () => {
    const ghost = nin('1982-02-03');
    const r = await reg.get(`/v1/persons/${ghost}/gp`);
    expect(r.status).toBe(404);
    expect(['UNKNOWN_PERSON', 'NO_GP']).toContain(r.body?.code);
  });

  it('UNKNOWN_CONTRACT for commands and queries on a contract that does not exist', async () => {
    expectNotFound(await reg.get('/v1/contracts/no-such-contract'), 'UNKNOWN_CONTRACT');
    expectNotFound(await reg.get('/v1/contracts/no-such-contract/patients'), 'UNKNOWN_CONTRACT');
    expectNotFound(
      await refused('PUT', '/v1/contracts/no-such-contract/ceiling', { maxPatients: 10 }),
      'UNKNOWN_CONTRACT',
    );
    expectNotFound(
      await refused('PUT', '/v1/contracts/no-such-contract/status', { status: 'closed' }),
      'UNKNOWN_CONTRACT',
    );
    expectNotFound(
      await refused('POST', `/v1/persons/${person}/gp-changes`, { contractId: 'no-such-contract' }),
      'UNKNOWN_CONTRACT',
    );
    expectNotFound(
      await refused('POST', '/v1/assignments', { nin: person, contractId: 'no-such-contract' }),
      'UNKNOWN_CONTRACT',
    );
    expectNotFound(
      await refused('POST', '/v1/waiting-lists/no-such-contract', { nin: person }),
      'UNKNOWN_CONTRACT',
    );
  });

  it('UNKNOWN_GP for a GP that is not registered', async () => {
    expectNotFound(await reg.get('/v1/gps/8765432'), 'UNKNOWN_GP');
    expectNotFound(
      await refused('POST', `/v1/contracts/${contract}/doctors`, {
        hpr: 8765432,
        relationship: 'LPFL',
        from: '2024-01-01',
      }),
      'UNKNOWN_GP',
    );
  });

  it('S50: a registered person without a list is 404 NO_GP', async () => {
    expectNotFound(await reg.get(`/v1/persons/${person}/gp`), 'NO_GP');
  });
});

describe('409 rule refusals write nothing', () => {
  it('ALREADY_REGISTERED for a second RegisterPerson of the same nin', async () => {
    const n = nin('1983-03-03');
    await w.person({ nin: n });
    const r = await refused('POST', '/v1/persons', { nin: n, municipality: '4601' });
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 409, code: 'ALREADY_REGISTERED' });
  });

  it('ALREADY_REGISTERED (R46) for a second RegisterGp of the same HPR number', async () => {
    const hpr = await w.gp();
    const r = await refused('POST', '/v1/gps', { hpr, name: 'Dr. Twice' });
    expectRefusal(r, 'ALREADY_REGISTERED', 'R46');
  });

  it('S05: a plain D-number holder is NOT_ENTITLED to choose a list with free places (R2)', async () => {
    const d = nin('1985-03-16', 'DNR');
    await w.person({ nin: d });
    const r = await refused('POST', `/v1/persons/${d}/gp-changes`, {
      contractId: contract,
      registeredAt: noon('2024-03-15'),
    });
    expectRefusal(r, 'NOT_ENTITLED', /^R[12]$/);
    const h = await reg.get(`/v1/persons/${d}/gp-history`);
    expect(h.status === 404 || (h.status === 200 && h.body.length === 0)).toBe(true);
  });

  it('a D-number holder flagged asylum-seeker may choose (R2)', async () => {
    const d = nin('1986-06-16', 'DNR');
    await w.person({ nin: d, entitlement: 'asylum-seeker' });
    expectCommandOk(
      await reg.post(`/v1/persons/${d}/gp-changes`, {
        contractId: contract,
        registeredAt: noon('2024-03-15'),
      }),
    );
  });

  it('ALREADY_ON_LIST when choosing the list one is already on', async () => {
    const n = await w.person();
    await w.assign(n, contract, noon('2023-12-10'));
    const r = await refused('POST', `/v1/persons/${n}/gp-changes`, {
      contractId: contract,
      registeredAt: noon('2024-03-15'),
    });
    expectRefusal(r, 'ALREADY_ON_LIST');
  });

  it('S25: FEATURE_NOT_AVAILABLE for a waiting list before late Nov 2016 (R24)', async () => {
    const closed = await w.contract({ status: 'closed' });
    const n = await w.person({ at: noon('2014-01-02') });
    const r = await refused('POST', `/v1/waiting-lists/${closed}`, {
      nin: n,
      registeredAt: noon('2015-06-01'),
    });
    expectRefusal(r, 'FEATURE_NOT_AVAILABLE', 'R24');
    expectCommandOk(
      await reg.post(`/v1/waiting-lists/${closed}`, { nin: n, registeredAt: noon('2016-12-15') }),
    );
  });

  it('CONTRACT_NOT_ACTIVE for a list that is not valid on the effective date', async () => {
    const future = await w.contract({ validFrom: '2030-01-01', at: noon('2024-01-05') });
    const n = await w.person();
    const r = await refused('POST', `/v1/persons/${n}/gp-changes`, {
      contractId: future,
      registeredAt: noon('2024-03-15'),
    });
    expectRefusal(r, 'CONTRACT_NOT_ACTIVE');
  });

  it('PERSON_NOT_RESIDENT for a person who has emigrated (R1, R39)', async () => {
    const n = await w.person();
    await w.ok('POST', `/v1/persons/${n}/emigration`, {
      emigratedOn: '2024-02-10',
      registeredAt: noon('2024-02-12'),
    });
    const r = await refused('POST', `/v1/persons/${n}/gp-changes`, {
      contractId: contract,
      registeredAt: noon('2024-03-15'),
    });
    expectRefusal(r, 'PERSON_NOT_RESIDENT');
  });

  it('NOT_AUTHORISED when requestedBy is not a parent, or the child is 16 or older, or lives elsewhere (R11, R12)', async () => {
    const parent = await w.person({ householdId: 'hh-auth-1' });
    const stranger = await w.person({ householdId: 'hh-auth-1' });
    const child = await w.person({
      birthDate: '2014-05-05',
      at: noon('2014-05-20'),
      householdId: 'hh-auth-1',
      parents: [parent],
    });
    const teen = await w.person({
      birthDate: '2006-05-05',
      at: noon('2006-05-20'),
      householdId: 'hh-auth-1',
      parents: [parent],
    });
    const away = await w.person({
      birthDate: '2015-05-05',
      at: noon('2015-05-20'),
      householdId: 'hh-auth-2',
      parents: [parent],
    });
    const ask = (who: string, requestedBy: string) =>
      refused('POST', `/v1/persons/${who}/gp-changes`, {
        contractId: contract,
        requestedBy,
        registeredAt: noon('2024-03-15'),
      });
    expectRefusal(await ask(child, stranger), 'NOT_AUTHORISED');
    expectRefusal(await ask(teen, parent), 'NOT_AUTHORISED');
    expectRefusal(await ask(away, parent), 'NOT_AUTHORISED');
    expectCommandOk(
      await reg.post(`/v1/persons/${child}/gp-changes`, {
        contractId: contract,
        requestedBy: parent,
        registeredAt: noon('2024-03-15'),
      }),
    );
  });

  it('OVERLAPPING_PERIOD (R37) when a later end stretches a doctor period over another of the same doctor', async () => {
    const list = await w.contract({ maxPatients: 50 });
    const vikar = await w.gp();
    const summer = { hpr: vikar, relationship: 'LPVI', from: '2024-07-01', to: '2024-08-01' };
    await w.doctor(list, { ...summer, periodId: 'vikar-summer' });
    await w.doctor(list, { ...summer, periodId: 'vikar-autumn', from: '2024-09-01', to: '2024-10-01' });
    expectRefusal(
      await refused('POST', `/v1/contracts/${list}/doctors/vikar-summer/end`, { to: '2024-09-15' }),
      'OVERLAPPING_PERIOD',
      'R37',
    );
    expectCommandOk(await reg.post(`/v1/contracts/${list}/doctors/vikar-summer/end`, { to: '2024-09-01' }));
  });

  it('OVERLAPPING_PERIOD (§2.6) for an imported placement dated before a link already in force', async () => {
    const la = await w.contract({ maxPatients: 50 });
    const lb = await w.contract({ maxPatients: 50 });
    const p = await w.person({ at: noon('2023-01-02') });
    await w.assign(p, la, noon('2024-01-02'), { effectiveFrom: '2023-06-01' });
    expectRefusal(
      await refused('POST', '/v1/assignments', {
        nin: p,
        contractId: lb,
        effectiveFrom: '2023-03-01',
        registeredAt: noon('2024-01-03'),
      }),
      'OVERLAPPING_PERIOD',
      '§2.6',
    );
    const history = await reg.get(`/v1/persons/${p}/gp-history`, { 'x-min-position': await reg.head() });
    expect(history.body).toEqual([
      expect.objectContaining({ contractId: la, period: { from: '2023-06-01', to: null } }),
    ]);
  });
});
