/**
 * API.md "Commands": every command row answers { position, events: [{type, stream, revision}],
 * effectiveFrom? } with 200/201; commandId idempotency; effective dates from registeredAt (R17, Europe/Oslo).
 */
import {
  expectCommandOk,
  nin,
  noon,
  orgNo,
  POSITION,
  type Register,
  type Reply,
  startRegister,
  world,
} from './harness';

let reg: Register;
let w: ReturnType<typeof world>;
let hpr: number;
let la: string;
let lb: string;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
  hpr = await w.gp();
  la = await w.contract({ maxPatients: 200 });
  lb = await w.contract({ maxPatients: 200 });
});
afterAll(async () => reg?.close());

async function ok(r: Reply | Promise<Reply>, what: string): Promise<any> {
  const reply = await r;
  expectCommandOk(reply, what);
  expect(reply.body.events.length).toBeGreaterThan(0);
  return reply.body;
}

/** DESIGN §3.2 and the working rules: no national identity number in a stream name. */
function noNinInStreams(body: any, ...nins: string[]) {
  for (const e of body.events) for (const n of nins) expect(e.stream).not.toContain(n);
}

describe('every command row succeeds with the command shape', () => {
  it('POST /v1/persons with every optional field', async () => {
    const mother = await w.person({ sex: 'female', householdId: 'hh-c1' });
    const n = nin('2012-02-02');
    const body = await ok(
      reg.post('/v1/persons', {
        nin: n,
        birthDate: '2012-02-02',
        sex: 'male',
        municipality: '0301',
        householdId: 'hh-c1',
        parents: [mother],
        registeredAt: noon('2012-02-10'),
      }),
      'RegisterPerson',
    );
    noNinInStreams(body, n, mother);
    const d = nin('1979-09-09', 'DNR');
    await ok(
      reg.post('/v1/persons', {
        nin: d,
        municipality: '4601',
        entitlement: 'nato',
        registeredAt: noon('2021-01-04'),
      }),
      'RegisterPerson D-number',
    );
  });

  it('moves, death, emigration, opt-out, opt-in, nin-change', async () => {
    const p = await w.person();
    noNinInStreams(
      await ok(
        reg.post(`/v1/persons/${p}/moves`, {
          municipality: '4601',
          householdId: 'hh-m1',
          movedOn: '2024-04-10',
          registeredAt: noon('2024-04-11'),
        }),
        'RecordMove',
      ),
      p,
    );
    await ok(reg.post(`/v1/persons/${p}/opt-out`, { registeredAt: noon('2024-05-02') }), 'OptOut');
    await ok(reg.post(`/v1/persons/${p}/opt-in`, { registeredAt: noon('2024-06-02') }), 'OptIn');
    const fnr = nin('1980-05-05');
    const d = nin('1980-05-05', 'DNR');
    await w.person({ nin: d, entitlement: 'asylum-seeker' });
    await ok(
      reg.post(`/v1/persons/${d}/nin-change`, { newNin: fnr, registeredAt: noon('2024-06-02') }),
      'ChangeNin',
    );
    await ok(
      reg.post(`/v1/persons/${p}/emigration`, {
        emigratedOn: '2024-07-10',
        registeredAt: noon('2024-07-11'),
      }),
      'RecordEmigration',
    );
    const q = await w.person();
    await ok(
      reg.post(`/v1/persons/${q}/death`, { diedOn: '2024-07-10', registeredAt: noon('2024-07-11') }),
      'RecordDeath',
    );
  });

  it('POST /v1/gps with every field', async () => {
    await ok(
      reg.post('/v1/gps', {
        hpr: 9876543,
        name: 'Kari Lege',
        birthDate: '1975-03-03',
        sex: 'female',
        specialistInGeneralPractice: true,
      }),
      'RegisterGp',
    );
  });

  it('POST /v1/contracts with and without contractId (generated when omitted)', async () => {
    await ok(
      reg.post('/v1/contracts', {
        contractId: 'acc-cmd-full',
        municipality: '4601',
        officeOrgNo: '923609016',
        maxPatients: 1200,
        validFrom: '2024-01-01',
        commonList: false,
        fixedSalary: true,
        status: 'open',
        registeredAt: noon('2023-12-01'),
      }),
      'CreateContract',
    );
    const office = orgNo();
    const gen = await ok(
      reg.post('/v1/contracts', {
        municipality: '0301',
        officeOrgNo: office,
        maxPatients: 0,
        validFrom: '2024-01-01',
        registeredAt: noon('2023-12-01'),
      }),
      'CreateContract without id',
    );
    expect(gen.events.length).toBeGreaterThan(0);
    // The generated id is discoverable: the office lists exactly one contract, and it resolves.
    const onOffice = await reg.get(`/v1/offices/${office}/contracts`, { 'x-min-position': gen.position });
    expect(onOffice.body).toHaveLength(1);
    const id = onOffice.body[0].contractId;
    expect(typeof id).toBe('string');
    expect((await reg.get(`/v1/contracts/${encodeURIComponent(id)}`)).status).toBe(200);
  });

  it('ceiling, status, doctor periods (LPFL, LPVI = SetSubstitute), end of a period', async () => {
    // Ceiling and status take effect on the day they are registered (today); read each one back.
    const contractNow = async (position: string) => {
      const r = await reg.get(`/v1/contracts/${lb}`, { 'x-min-position': position });
      expect(r.status).toBe(200);
      return r.body;
    };
    // lb was created with a ceiling of 200.
    const ceiling = await ok(
      reg.put(`/v1/contracts/${lb}/ceiling`, { maxPatients: 150 }),
      'ChangeListCeiling',
    );
    expect(ceiling.events.map((e: { type: string }) => e.type)).toEqual(['ListCeilingChanged']);
    expect((await contractNow(ceiling.position)).maxPatients).toBe(150);
    for (const status of ['locked', 'closed', 'open']) {
      const changed = await ok(
        reg.put(`/v1/contracts/${lb}/status`, { status }),
        `ChangeListStatus ${status}`,
      );
      expect(changed.events.map((e: { type: string }) => e.type)).toEqual(['ListStatusChanged']);
      expect((await contractNow(changed.position)).status).toBe(status);
    }
    const start = await ok(
      reg.post(`/v1/contracts/${lb}/doctors`, {
        hpr,
        relationship: 'LPFL',
        from: '2001-06-01',
        workingPercentage: 100,
      }),
      'StartDoctorPeriod',
    );
    const vikar = await w.gp();
    const substitute = await ok(
      reg.post(`/v1/contracts/${lb}/doctors`, {
        hpr: vikar,
        relationship: 'LPVI',
        from: '2024-07-01',
        to: '2024-09-01',
        substituteForHpr: hpr,
      }),
      'SetSubstitute',
    );
    // The answer names the new period; the contract shows the same id.
    const periodId: string = start.periodId;
    expect(typeof periodId).toBe('string');
    const doctorsOn = async (at: string, position: string) => {
      const r = await reg.get(`/v1/contracts/${lb}?at=${at}`, { 'x-min-position': position });
      expect(r.status).toBe(200);
      return r.body.doctors;
    };
    expect(await doctorsOn('2024-08-01', substitute.position)).toEqual([
      expect.objectContaining({
        periodId,
        hpr,
        relationship: 'LPFL',
        period: { from: '2001-06-01', to: null },
        workingPercentage: 100,
      }),
      expect.objectContaining({
        periodId: substitute.periodId,
        hpr: vikar,
        relationship: 'LPVI',
        period: { from: '2024-07-01', to: '2024-09-01' },
        substituteForHpr: hpr,
      }),
    ]);
    const end = await ok(
      reg.post(`/v1/contracts/${lb}/doctors/${periodId}/end`, { to: '2025-01-01' }),
      'EndDoctorPeriod',
    );
    expect(end.events.map((e: { type: string }) => e.type)).toEqual(['DoctorPeriodEnded']);
    expect(await doctorsOn('2024-12-31', end.position)).toEqual([
      expect.objectContaining({ periodId, hpr, period: { from: '2001-06-01', to: '2025-01-01' } }),
    ]);
    expect(await doctorsOn('2025-01-01', end.position)).toEqual([]);
  });

  it('assignments, gp-changes, waiting lists (join and DELETE), reductions, cancel', async () => {
    const p1 = await w.person({ householdId: 'hh-r1' });
    const p2 = await w.person({ householdId: 'hh-r2' });
    const p3 = await w.person();
    await ok(
      reg.post('/v1/assignments', { nin: p1, contractId: la, registeredAt: noon('2023-11-10') }),
      'AssignPatient',
    );
    await ok(
      reg.post('/v1/assignments', {
        nin: p2,
        contractId: la,
        reason: 'CHOICE',
        registeredAt: noon('2023-11-10'),
      }),
      'AssignPatient CHOICE',
    );
    await ok(
      reg.post(`/v1/persons/${p3}/gp-changes`, { contractId: la, registeredAt: noon('2023-11-10') }),
      'ChangeGP',
    );
    const full = await w.contract({ maxPatients: 0 });
    const wl = await ok(
      reg.post(`/v1/waiting-lists/${full}`, { nin: p1, registeredAt: noon('2024-01-10') }),
      'Join',
    );
    noNinInStreams(wl, p1);
    await ok(
      reg.del(
        `/v1/waiting-lists/${full}/${p1}?commandId=acc-leave-1&registeredAt=${encodeURIComponent(noon('2024-01-20'))}`,
      ),
      'LeaveWaitingList',
    );
    const target = await w.contract({ maxPatients: 200 });
    await ok(
      reg.post(`/v1/contracts/${la}/reductions`, {
        count: 1,
        toContractId: target,
        effectiveFrom: '2024-11-01',
        seed: 42, // an integer seed is accepted and recorded as a string
        registeredAt: noon('2024-09-10'),
      }),
      'ReduceList',
    );
    const receiver = await w.contract({ maxPatients: 200 });
    await ok(
      reg.post(`/v1/contracts/${target}/cancel`, {
        effectiveFrom: '2025-01-01',
        moveToContractId: receiver,
        registeredAt: noon('2024-11-10'),
      }),
      'CancelContract',
    );
  });

  it('renumbering and the daily job', async () => {
    const r = await reg.post('/v1/municipalities/1804/renumbering', {
      newNumber: '1899',
      effectiveFrom: '2027-01-01',
      overrideReason: 'no reform in the code history: this test renumbers on its own authority',
      registeredAt: noon('2026-06-01'),
    });
    expectCommandOk(r, 'RenumberMunicipality');
    const job = await reg.post('/v1/jobs/daily', { date: '2023-01-02' });
    expectCommandOk(job, 'daily job');
  });
});

describe('idempotency by commandId (API.md Conventions)', () => {
  it('the same RegisterPerson commandId twice answers the first outcome and writes nothing', async () => {
    const n = nin('1990-01-01');
    const body = {
      nin: n,
      municipality: '0301',
      commandId: 'acc-idem-person',
      registeredAt: noon('2020-01-02'),
    };
    const first = await reg.post('/v1/persons', body);
    expectCommandOk(first);
    const head = await reg.head();
    const again = await reg.post('/v1/persons', body);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await reg.head()).toBe(head);
  });

  it('the same ChangeGP commandId twice answers the first outcome and writes nothing', async () => {
    const p = await w.person();
    const body = { contractId: lb, commandId: 'acc-idem-change', registeredAt: noon('2024-03-15') };
    const first = await reg.post(`/v1/persons/${p}/gp-changes`, body);
    expectCommandOk(first);
    const head = await reg.head();
    const again = await reg.post(`/v1/persons/${p}/gp-changes`, body);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await reg.head()).toBe(head);
    const h = await reg.get(`/v1/persons/${p}/gp-history`, { 'x-min-position': first.body.position });
    expect(h.body).toHaveLength(1);
  });

  it('the same DELETE commandId twice answers the first outcome', async () => {
    const full = await w.contract({ maxPatients: 0 });
    const p = await w.person();
    await w.ok('POST', `/v1/waiting-lists/${full}`, { nin: p, registeredAt: noon('2024-01-10') });
    const path = `/v1/waiting-lists/${full}/${p}?commandId=acc-idem-del`;
    const first = await reg.del(path);
    expectCommandOk(first);
    const head = await reg.head();
    const again = await reg.del(path);
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    expect(await reg.head()).toBe(head);
  });

  it('positions grow with each write', async () => {
    const a = await w.ok('POST', '/v1/gps', { hpr: 9555001, name: 'A' });
    const b = await w.ok('POST', '/v1/gps', { hpr: 9555002, name: 'B' });
    expect(a.position).toMatch(POSITION);
    expect(BigInt(b.position)).toBeGreaterThan(BigInt(a.position));
  });
});

describe('effective dates from registeredAt (R17, Europe/Oslo)', () => {
  const cases: [string, string][] = [
    ['2024-03-15T12:00:00+01:00', '2024-04-01'],
    ['2024-01-31T23:30:00Z', '2024-03-01'], // 00:30 on 1 Feb in Oslo
    ['2024-01-31T22:30:00Z', '2024-02-01'], // 23:30 on 31 Jan in Oslo
    ['2024-03-31T23:30:00+02:00', '2024-04-01'], // still 31 March in Oslo (summer time)
    ['2024-03-31T22:30:00Z', '2024-05-01'], // 00:30 on 1 April in Oslo (+02:00)
    ['2024-12-31T23:30:00Z', '2025-02-01'], // 00:30 on 1 Jan 2025 in Oslo
    ['2024-10-31T23:30:00+00:00', '2024-12-01'], // 00:30 on 1 Nov in Oslo (+01:00 again)
  ];
  it.each(cases)('ChangeGP registered %s takes effect %s', async (registeredAt, expected) => {
    const p = await w.person();
    const r = await reg.post(`/v1/persons/${p}/gp-changes`, { contractId: la, registeredAt });
    expectCommandOk(r);
    expect(r.body.effectiveFrom).toBe(expected);
    const h = await reg.get(`/v1/persons/${p}/gp-history`, { 'x-min-position': r.body.position });
    expect(h.status).toBe(200);
    expect(h.body).toEqual([
      expect.objectContaining({ contractId: la, period: { from: expected, to: null } }),
    ]);
  });

  it('AssignPatient takes effect the 1st of the month after registeredAt, or the given effectiveFrom', async () => {
    const p = await w.person();
    const r = await reg.post('/v1/assignments', {
      nin: p,
      contractId: la,
      registeredAt: '2024-05-31T23:59:00+02:00',
    });
    expectCommandOk(r);
    expect(r.body.effectiveFrom).toBe('2024-06-01');
    const h = await reg.get(`/v1/persons/${p}/gp-history`, { 'x-min-position': r.body.position });
    expect(h.body[0]).toMatchObject({
      contractId: la,
      period: { from: '2024-06-01', to: null },
      beginReason: 'HELFO_MANUAL',
    });
    const q = await w.person({ at: noon('2001-01-02') });
    const imp = await reg.post('/v1/assignments', {
      nin: q,
      contractId: la,
      reason: 'INITIAL_2001',
      effectiveFrom: '2001-06-01',
      registeredAt: noon('2001-05-02'),
    });
    expectCommandOk(imp);
    expect(imp.body.effectiveFrom).toBe('2001-06-01');
    const hq = await reg.get(`/v1/persons/${q}/gp-history`, { 'x-min-position': imp.body.position });
    expect(hq.body[0]).toMatchObject({
      contractId: la,
      period: { from: '2001-06-01' },
      beginReason: 'INITIAL_2001',
    });
  });
});
