/**
 * API.md "Conventions" / "Precise semantics": the error contract. 400 INVALID_INPUT / INVALID_NIN /
 * NOT_A_REGISTER_ID with errors naming the field, 404 with the resource code, 409 rule refusals,
 * and nothing written on any refusal.
 */
import {
  expectCommandOk,
  expectInvalid,
  expectNotFound,
  expectRefusal,
  nin,
  noon,
  orgNo,
  type Register,
  startRegister,
  world,
} from './harness';

const BAD_CHECK = '15038512364'; // DOMAIN §1.1: fails on k2
const H_NUMBER = '15438512346'; // DOMAIN §1.3: month 43, valid H-nummer

let reg: Register;
let w: ReturnType<typeof world>;
let person: string;
let contract: string;
let hpr: number;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
  hpr = await w.gp();
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

describe('400 INVALID_INPUT', () => {
  it('malformed JSON', async () => {
    const r = await refused('POST', '/v1/persons', '{"nin": "123",');
    expect(r.status).toBe(400);
    expect(r.body?.code).toBe('INVALID_INPUT');
  });

  it('an unknown field is named', async () => {
    const r = await refused('POST', '/v1/persons', {
      nin: nin('1981-01-01'),
      municipality: '0301',
      favouriteColour: 'blue',
    });
    expectInvalid(r, 'INVALID_INPUT', 'favouriteColour');
  });

  it('a missing required field is named (municipality on RegisterPerson)', async () => {
    const r = await refused('POST', '/v1/persons', { nin: nin('1981-01-02') });
    expectInvalid(r, 'INVALID_INPUT', 'municipality');
  });

  it('a missing required field is named (officeOrgNo, maxPatients, validFrom on CreateContract)', async () => {
    const r = await refused('POST', '/v1/contracts', { municipality: '0301' });
    expectInvalid(r, 'INVALID_INPUT');
    const fields = r.body.errors.map((e: { field: string }) => e.field).join(' ');
    expect(fields).toContain('officeOrgNo');
    expect(fields).toContain('maxPatients');
    expect(fields).toContain('validFrom');
  });

  it('wrong types are named: hpr must be a JSON integer, maxPatients an integer', async () => {
    expectInvalid(
      await refused('POST', '/v1/gps', { hpr: '1234567', name: 'Dr. String' }),
      'INVALID_INPUT',
      'hpr',
    );
    expectInvalid(await refused('POST', '/v1/gps', { hpr: 1.5, name: 'Dr. Half' }), 'INVALID_INPUT', 'hpr');
    expectInvalid(await refused('POST', '/v1/gps', { hpr: 0, name: 'Dr. Zero' }), 'INVALID_INPUT', 'hpr');
    expectInvalid(
      await refused('PUT', `/v1/contracts/${contract}/ceiling`, { maxPatients: 'ten' }),
      'INVALID_INPUT',
      'maxPatients',
    );
  });

  it('maxPatients outside 0–5000 is INVALID_INPUT', async () => {
    for (const maxPatients of [-1, 5001, 12.5]) {
      expectInvalid(
        await refused('PUT', `/v1/contracts/${contract}/ceiling`, { maxPatients }),
        'INVALID_INPUT',
        'maxPatients',
      );
    }
  });

  it('an officeOrgNo failing mod-11 is refused with the field named', async () => {
    const good = orgNo();
    const bad = `${good.slice(0, 8)}${(Number(good[8]) + 1) % 10}`;
    const r = await refused('POST', '/v1/contracts', {
      municipality: '0301',
      officeOrgNo: bad,
      maxPatients: 10,
      validFrom: '2024-01-01',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain('officeOrgNo');
  });

  it('a municipality that is not 4 digits or does not exist is refused with the field named', async () => {
    for (const municipality of ['301', '9999', 301]) {
      const r = await refused('POST', '/v1/persons', { nin: nin('1981-01-03'), municipality });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.errors)).toContain('municipality');
    }
  });

  it('a date that is not YYYY-MM-DD (or not a real date) is refused with the field named', async () => {
    for (const movedOn of ['2024-13-01', '2023-02-29', '10.04.2024']) {
      expectInvalid(
        await refused('POST', `/v1/persons/${person}/moves`, { municipality: '4601', movedOn }),
        'INVALID_INPUT',
        'movedOn',
      );
    }
  });

  it('an enum outside its values is refused (status, relationship, AssignPatient reason)', async () => {
    expectInvalid(
      await refused('PUT', `/v1/contracts/${contract}/status`, { status: 'ajar' }),
      'INVALID_INPUT',
      'status',
    );
    expectInvalid(
      await refused('POST', `/v1/contracts/${contract}/doctors`, {
        hpr,
        relationship: 'LPXX',
        from: '2024-01-01',
      }),
      'INVALID_INPUT',
      'relationship',
    );
    expectInvalid(
      await refused('POST', '/v1/assignments', { nin: person, contractId: contract, reason: 'BECAUSE' }),
      'INVALID_INPUT',
      'reason',
    );
  });

  it('entitlement and workingPercentage outside their values are INVALID_INPUT', async () => {
    expectInvalid(
      await refused('POST', '/v1/persons', {
        nin: nin('1981-01-04'),
        municipality: '0301',
        entitlement: 'tourist',
      }),
      'INVALID_INPUT',
      'entitlement',
    );
    for (const workingPercentage of [0, 101]) {
      expectInvalid(
        await refused('POST', `/v1/contracts/${contract}/doctors`, {
          hpr,
          relationship: 'LPFL',
          from: '2024-01-01',
          workingPercentage,
        }),
        'INVALID_INPUT',
        'workingPercentage',
      );
    }
  });

  it('registeredAt must be an ISO instant', async () => {
    const r = await refused('POST', `/v1/persons/${person}/gp-changes`, {
      contractId: contract,
      registeredAt: 'yesterday',
    });
    expectInvalid(r, 'INVALID_INPUT', 'registeredAt');
  });
});

describe('400 INVALID_NIN and NOT_A_REGISTER_ID (API.md: anywhere, in a body or a path)', () => {
  it('S02: a bad check digit in a body is INVALID_NIN naming the field', async () => {
    expectInvalid(
      await refused('POST', '/v1/persons', { nin: BAD_CHECK, municipality: '0301' }),
      'INVALID_NIN',
      'nin',
    );
    expectInvalid(
      await refused('POST', '/v1/assignments', { nin: BAD_CHECK, contractId: contract }),
      'INVALID_NIN',
      'nin',
    );
    expectInvalid(
      await refused('POST', `/v1/waiting-lists/${contract}`, { nin: BAD_CHECK }),
      'INVALID_NIN',
      'nin',
    );
  });

  it('an invalid nin nested in a body (parents, newNin, requestedBy) is INVALID_NIN', async () => {
    const r1 = await refused('POST', '/v1/persons', {
      nin: nin('2015-04-04'),
      municipality: '0301',
      parents: [BAD_CHECK],
    });
    expect({ status: r1.status, code: r1.body?.code }).toEqual({ status: 400, code: 'INVALID_NIN' });
    expectInvalid(
      await refused('POST', `/v1/persons/${person}/nin-change`, { newNin: BAD_CHECK }),
      'INVALID_NIN',
      'newNin',
    );
    expectInvalid(
      await refused('POST', `/v1/persons/${person}/gp-changes`, {
        contractId: contract,
        requestedBy: BAD_CHECK,
      }),
      'INVALID_NIN',
      'requestedBy',
    );
  });

  it('S02: an invalid nin in a path is INVALID_NIN (commands and queries)', async () => {
    for (const bad of [BAD_CHECK, '1503851236', 'abcdefghijk', '32018512345']) {
      const c = await refused('POST', `/v1/persons/${bad}/gp-changes`, { contractId: contract });
      expect({ status: c.status, code: c.body?.code }).toEqual({ status: 400, code: 'INVALID_NIN' });
    }
    for (const path of [
      `/v1/persons/${BAD_CHECK}/gp`,
      `/v1/persons/${BAD_CHECK}/gp-history`,
      `/v1/gps/${hpr}/confirm?nin=${BAD_CHECK}`,
    ]) {
      const r = await reg.get(path);
      expect({ path, status: r.status, code: r.body?.code }).toEqual({
        path,
        status: 400,
        code: 'INVALID_NIN',
      });
    }
    const d = await refused('DELETE', `/v1/waiting-lists/${contract}/${BAD_CHECK}`);
    expect({ status: d.status, code: d.body?.code }).toEqual({ status: 400, code: 'INVALID_NIN' });
  });

  it('gp-at-time with an invalid nin in its body is INVALID_NIN', async () => {
    const r = await reg.post('/v1/persons/gp-at-time', [{ nin: BAD_CHECK, at: '2024-01-01' }]);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code: 'INVALID_NIN' });
  });

  it('S07: an H-number is NOT_A_REGISTER_ID in a body and in a path', async () => {
    expectInvalid(
      await refused('POST', '/v1/persons', { nin: H_NUMBER, municipality: '0301' }),
      'NOT_A_REGISTER_ID',
      'nin',
    );
    expectInvalid(
      await refused('POST', '/v1/assignments', { nin: H_NUMBER, contractId: contract }),
      'NOT_A_REGISTER_ID',
      'nin',
    );
    const c = await refused('POST', `/v1/persons/${H_NUMBER}/gp-changes`, { contractId: contract });
    expect({ status: c.status, code: c.body?.code }).toEqual({ status: 400, code: 'NOT_A_REGISTER_ID' });
    const q = await reg.get(`/v1/persons/${H_NUMBER}/gp`);
    expect({ status: q.status, code: q.body?.code }).toEqual({ status: 400, code: 'NOT_A_REGISTER_ID' });
  });
});

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
    const n = await w.person();
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
});
