/**
 * API.md "Conventions" / "Precise semantics": the error contract, part 1: 400 INVALID_INPUT / INVALID_NIN /
 * NOT_A_REGISTER_ID with errors naming the field, and nothing written.
 */
import { expectInvalid, expectNotFound, nin, orgNo, type Register, startRegister, world } from './harness';

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
    expectInvalid(r, 'INVALID_INPUT', 'body');
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({
      nin: nin('1981-01-09'),
      municipality: '0301',
      householdId: 'x'.repeat(2 ** 21),
    });
    const r = await refused('POST', '/v1/persons', huge);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('an unknown path is 404 NOT_FOUND', async () => {
    expectNotFound(await reg.get('/v1/no-such-thing'), 'NOT_FOUND');
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

  it('a missing nin is a missing field (INVALID_INPUT), not an invalid number', async () => {
    const r = await refused('POST', '/v1/persons', { municipality: '0301' });
    expectInvalid(r, 'INVALID_INPUT', 'nin');
    expectInvalid(await refused('POST', '/v1/persons', {}), 'INVALID_INPUT', 'nin');
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

  it('substituteForHpr only with LPVI, and never the substitute itself (R37)', async () => {
    const list = await w.contract({ maxPatients: 50 });
    const other = await w.gp();
    await w.doctor(list, { hpr, relationship: 'LPFL', from: '2024-01-01' });
    expectInvalid(
      await refused('POST', `/v1/contracts/${list}/doctors`, {
        hpr: other,
        relationship: 'LPFL',
        from: '2024-06-01',
        substituteForHpr: hpr,
      }),
      'INVALID_INPUT',
      'substituteForHpr',
    );
    expectInvalid(
      await refused('POST', `/v1/contracts/${list}/doctors`, {
        hpr,
        relationship: 'LPVI',
        from: '2024-07-01',
        to: '2024-08-01',
        substituteForHpr: hpr,
      }),
      'INVALID_INPUT',
      'substituteForHpr',
    );
  });

  it('a move dated before the last recorded move is INVALID_INPUT naming movedOn', async () => {
    const p = await w.person({ at: '2024-01-02T12:00:00+01:00' });
    const move = (municipality: string, movedOn: string, registeredAt: string) =>
      reg.post(`/v1/persons/${p}/moves`, { municipality, movedOn, registeredAt });
    const first = await move('4601', '2024-06-01', '2024-06-02T12:00:00+02:00');
    expect(first.status).toBe(200);
    expectInvalid(
      await refused('POST', `/v1/persons/${p}/moves`, {
        municipality: '1103',
        movedOn: '2024-03-01',
        registeredAt: '2024-06-03T12:00:00+02:00',
      }),
      'INVALID_INPUT',
      'movedOn',
    );
    const min = { 'x-min-position': first.body.position };
    const view = (await reg.get(`/v1/persons/${p}?at=2024-07-01`, min)).body;
    expect(view.municipalityHistory.map((r: { municipality: string }) => r.municipality)).toEqual([
      '0301',
      '4601',
    ]);
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

  it("S02: INVALID_NIN carries FLR's fault text 'patientNin er ugyldig' (§5.1), in a body and in a path", async () => {
    const answers = [
      await refused('POST', '/v1/assignments', { nin: BAD_CHECK, contractId: contract }),
      await refused('POST', `/v1/persons/${BAD_CHECK}/gp-changes`, { contractId: contract }),
      await reg.get(`/v1/persons/${BAD_CHECK}/gp`),
    ];
    for (const r of answers) {
      expectInvalid(r, 'INVALID_NIN');
      expect(r.body.message).toBe('patientNin er ugyldig');
    }
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

  it('a fødselsnummer is never replaced by a D-nummer (R41): INVALID_INPUT naming newNin', async () => {
    expectInvalid(
      await refused('POST', `/v1/persons/${person}/nin-change`, { newNin: nin('1985-03-15', 'DNR') }),
      'INVALID_INPUT',
      'newNin',
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
