import { CommandProcessor } from '@flr/application';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { nin } from '@flr/testing';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands, ORG } from './e2e-helpers';

const types = (body: { events: { type: string }[] }) => body.events.map((e) => e.type);

describe('list, waiting-list and contract commands over HTTP (API.md, DOMAIN §8)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const P = nin('1990-05-05');

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    for (const id of ['L-A', 'L-C']) await c.contract(id);
    await c.contract('L-B', 2);
    await c.person(P);
    await c.assign(P, 'L-A');
  });
  afterAll(async () => t.close());

  it('S25/S21/S27: waiting lists open on the launch day, one per person, and die with the person', async () => {
    const join = (contractId: string, date: string, who = P) =>
      t.post(`/v1/waiting-lists/${contractId}`, { nin: who, registeredAt: at(date) });
    expect(await join('L-B', '2015-06-01')).toMatchObject({
      status: 409,
      body: { code: 'FEATURE_NOT_AVAILABLE', rule: 'R24' },
    });
    expect((await join('L-B', '2024-01-05')).status).toBe(201);
    const second = await join('L-C', '2024-01-06');
    expect(types(second.body)).toEqual(['WaitingListLeft', 'WaitingListJoined']);
    const leave = await t.post(
      `/v1/waiting-lists/L-C/${P}?commandId=leave-1&registeredAt=${encodeURIComponent(at('2024-01-07'))}`,
      undefined,
      'DELETE',
    );
    expect(leave).toMatchObject({ status: 200, body: { events: [{ type: 'WaitingListLeft' }] } });
    const d = nin('1950-01-01');
    await c.person(d);
    await c.assign(d, 'L-A');
    await join('L-B', '2024-01-08', d);
    const death = await t.post(`/v1/persons/${d}/death`, {
      diedOn: '2024-02-01',
      registeredAt: at('2024-02-02'),
    });
    expect(types(death.body)).toEqual(['PersonDied', 'PatientUnlisted', 'WaitingListLeft']);
  });

  it('S22/S23: the daily job places unassigned residents before the queue, then the queue in order', async () => {
    const q1 = nin('1971-01-01');
    const q2 = nin('1972-01-01');
    for (const q of [q1, q2]) {
      await c.person(q);
      await c.assign(q, 'L-A');
    }
    for (const q of [nin('1973-01-01'), nin('1974-01-01')]) {
      await c.person(q);
      await c.assign(q, 'L-B');
    }
    await t.post('/v1/waiting-lists/L-B', { nin: q1, registeredAt: at('2024-01-05') });
    await t.post('/v1/waiting-lists/L-B', { nin: q2, registeredAt: at('2024-02-01') });
    await c.daily('2024-02-02'); // L-B is full: closed
    await t.post('/v1/contracts/L-B/ceiling', { maxPatients: 12, registeredAt: at('2024-04-30') }, 'PUT');
    const job = await c.daily('2024-05-01');
    expect(types(job)).toContain('ListStatusChanged');
    const listed = job.events.filter((e: { type: string }) => e.type === 'PatientListed');
    expect(listed.length).toBeGreaterThanOrEqual(2);
    const queue = await t.get('/v1/contracts/L-B/waiting-list', job.position);
    expect(queue.body).toEqual([]);
  });

  it('S23: unassigned residents get a freed place before the waiting list', async () => {
    await c.contract('L-U', 1, { municipality: '5001' });
    const w1 = nin('1967-07-07');
    await c.contract('L-U2', 5, { municipality: '5001', status: 'locked' });
    await c.person(w1, { municipality: '5001' });
    await t.post('/v1/assignments', {
      nin: w1,
      contractId: 'L-U2',
      overrideReason: 'test setup',
      registeredAt: at('2023-10-01'),
    });
    await t.post('/v1/waiting-lists/L-U', { nin: w1, registeredAt: at('2023-11-01') });
    const u1 = nin('1968-08-08');
    await c.person(u1, { municipality: '5001' }, '2024-03-02');
    const job = await c.daily('2024-03-03');
    const u1gp = await t.get(`/v1/persons/${u1}/gp?at=2024-04-01`, job.position);
    expect(u1gp.body).toMatchObject({ contractId: 'L-U' });
    const queue = await t.get('/v1/contracts/L-U/waiting-list', job.position);
    expect(queue.body).toEqual([expect.objectContaining({ nin: w1 })]);
  });

  it('S28: a newborn goes to the mother’s full list', async () => {
    const mother = nin('1991-01-01');
    await c.contract('L-M', 1);
    await c.person(mother, { sex: 'female', householdId: 'HM' });
    await c.assign(mother, 'L-M');
    const baby = nin('2024-03-10');
    await c.person(baby, { householdId: 'HM', parents: [mother] }, '2024-03-12');
    const job = await c.daily('2024-03-12');
    const gp = await t.get(`/v1/persons/${baby}/gp?at=2024-04-01`, job.position);
    expect(gp.body).toMatchObject({ contractId: 'L-M', period: { from: '2024-04-01' } });
  });

  it('S31/S33/S34: lowering the ceiling moves nobody; a reduction draws households and replays identically', async () => {
    await c.contract('L-R', 100);
    await c.contract('L-N', 100);
    for (let i = 0; i < 12; i++) {
      const n = nin(`1985-06-${String(i + 1).padStart(2, '0')}`);
      await c.person(n, { householdId: i < 4 ? 'H1' : null });
      await c.assign(n, 'L-R');
    }
    const ceiling = await t.post(
      '/v1/contracts/L-R/ceiling',
      { maxPatients: 6, registeredAt: at('2024-08-01') },
      'PUT',
    );
    expect(types(ceiling.body)).toEqual(['ListCeilingChanged']);
    const reduce = await t.post('/v1/contracts/L-R/reductions', {
      count: 6,
      toContractId: 'L-N',
      effectiveFrom: '2024-11-01',
      seed: 'S31',
      registeredAt: at('2024-09-15'),
    });
    expect(reduce.status).toBe(200);
    expect(types(reduce.body)[0]).toBe('ListReductionOrdered');
    const moved = reduce.body.events.filter((e: { type: string }) => e.type === 'PatientListed');
    expect(moved.length).toBeGreaterThanOrEqual(6);
    const patients = await t.get('/v1/contracts/L-N/patients?at=2024-11-01', reduce.body.position);
    expect(patients.body).toHaveLength(moved.length);
    // S33: a writer rebuilt from the log sees exactly the same people on L-N.
    const replay = new CommandProcessor({ store: t.store, rules: DEFAULT_REGISTER_RULES });
    await replay.start();
    expect(replay.view.links.countOn('L-N', '2024-11-01')).toBe(moved.length);
  });

  it('S37/S39/S42: successors, substitutes and shared lists move nobody', async () => {
    await c.gp(1);
    await c.gp(2);
    await c.gp(3);
    const start = await t.post('/v1/contracts/L-A/doctors', {
      hpr: 1,
      relationship: 'LPFL',
      from: '2020-01-01',
    });
    expect(start).toMatchObject({
      status: 201,
      body: { events: [{ type: 'DoctorPeriodStarted' }], periodId: expect.any(String) },
    });
    const end = await t.post(`/v1/contracts/L-A/doctors/${start.body.periodId}/end`, { to: '2024-07-01' });
    expect(types(end.body)).toEqual(['DoctorPeriodEnded']);
    const successor = await t.post('/v1/contracts/L-A/doctors', {
      hpr: 2,
      relationship: 'LPFL',
      from: '2024-08-01',
    });
    expect(types(successor.body)).toEqual(['DoctorPeriodStarted']);
    const vikar = await t.post('/v1/contracts/L-A/doctors', {
      hpr: 3,
      relationship: 'LPVI',
      from: '2024-07-01',
      to: '2024-08-01',
      substituteForHpr: 2,
    });
    expect(types(vikar.body)).toEqual(['DoctorPeriodStarted']);
    await c.contract('L-F', 10, { commonList: true });
    const s = nin('1988-08-08');
    await c.person(s, {}, '2024-01-01');
    expect((await c.change(s, 'L-F', '2024-03-15')).body).toMatchObject({
      events: [{ type: 'PatientListed' }],
    });
  });

  it('S38: cancelling a contract moves every patient', async () => {
    await c.contract('L-X', 10);
    await c.contract('L-V', 10);
    for (const n of [nin('1964-04-04'), nin('1965-05-05'), nin('1966-06-06')]) {
      await c.person(n);
      await c.assign(n, 'L-X');
    }
    const res = await t.post('/v1/contracts/L-X/cancel', {
      effectiveFrom: '2024-10-01',
      moveToContractId: 'L-V',
      registeredAt: at('2024-09-01'),
    });
    expect(res.status).toBe(200);
    expect(types(res.body)).toEqual([
      'ContractCanceled',
      'PatientUnlisted',
      'PatientListed',
      'PatientUnlisted',
      'PatientListed',
      'PatientUnlisted',
      'PatientListed',
    ]);
    const list = await t.get('/v1/contracts/L-V/patients?at=2024-10-01', res.body.position);
    expect(list.body).toHaveLength(3);
  });

  it('S47: a person removed for violence may not choose the list again', async () => {
    const v = nin('1980-10-10');
    await c.person(v);
    await c.assign(v, 'L-C');
    const removal = await t.post('/v1/contracts/L-C/removals', {
      nin: v,
      moveToContractId: 'L-A',
      registeredAt: at('2024-03-10'),
    });
    expect(removal).toMatchObject({ status: 201, body: { effectiveFrom: '2024-04-01' } });
    expect(types(removal.body)).toEqual(['PersonBarredFromList', 'PatientUnlisted', 'PatientListed']);
    expect(await c.change(v, 'L-C', '2024-06-10')).toMatchObject({
      status: 409,
      body: { code: 'BARRED_FROM_LIST', rule: 'R32' },
    });
  });

  it('S55 and renumbering: the initial distribution; a municipality code change is not a move', async () => {
    const renumber = await t.post('/v1/municipalities/0219/renumbering', {
      newNumber: '3024',
      effectiveFrom: '2020-01-01',
    });
    expect(renumber).toMatchObject({
      status: 200,
      body: { events: [{ type: 'MunicipalityRenumbered', stream: 'municipality-0219' }] },
    });
    const r = nin('1955-05-05');
    // The job for 2001-03-01 sees only lists registered by then (API.md), so this one is registered in 2001.
    await c.contract('L-2001', 10, { registeredAt: at('2001-01-02') });
    await c.person(r, {}, '2001-01-02');
    const job = await c.daily('2001-03-01');
    const history = await t.get(`/v1/persons/${r}/gp-history`, job.position);
    expect(history.body).toEqual([
      expect.objectContaining({
        contractId: 'L-2001',
        period: { from: '2001-06-01', to: null },
        beginReason: 'INITIAL_2001',
      }),
    ]);
    expect(
      (await t.post('/v1/municipalities/12/renumbering', { newNumber: '3024', effectiveFrom: '2020-01-01' }))
        .status,
    ).toBe(400);
  });

  it('a renumbering that is no reform (Haugesund 1106 into Stavanger 1103) is 409 unless it carries an override reason', async () => {
    const body = { newNumber: '1103', effectiveFrom: '2027-01-01' };
    expect(await t.post('/v1/municipalities/1106/renumbering', body)).toMatchObject({
      status: 409,
      body: { code: 'RENUMBERING_NOT_A_KNOWN_REFORM', rule: '§1.8' },
    });
    const overrideReason = 'decided by the ministry, not yet in the national code history';
    const forced = await t.post('/v1/municipalities/1106/renumbering', { ...body, overrideReason });
    expect(forced).toMatchObject({
      status: 200,
      body: { events: [{ type: 'MunicipalityRenumbered', stream: 'municipality-1106' }] },
    });
  });

  it('a person or a contract in a municipality number not in force on the date is 409 (§1.8)', async () => {
    const p = nin('1973-04-17');
    expect(await t.post('/v1/persons', { nin: p, municipality: '0219' })).toMatchObject({
      status: 409,
      body: { code: 'MUNICIPALITY_NOT_IN_FORCE', rule: '§1.8' },
    });
    const contract = {
      municipality: '4601',
      officeOrgNo: ORG,
      maxPatients: 10,
      validFrom: '2005-01-01',
    };
    expect(
      await t.post('/v1/contracts', { ...contract, registeredAt: '2005-01-01T12:00:00+01:00' }),
    ).toMatchObject({
      status: 409,
      body: { code: 'MUNICIPALITY_NOT_IN_FORCE', rule: '§1.8' },
    });
  });
});

describe('PUT /v1/municipalities/{number}/auto-assignment (R9)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A', 10, { municipality: '4601' });
  });
  afterAll(async () => t.close());

  it('switched off, an unassigned resident is not placed; switched on, the next job places them', async () => {
    const put = (enabled: unknown, date: string) =>
      t.post('/v1/municipalities/4601/auto-assignment', { enabled, registeredAt: at(date) }, 'PUT');
    expect((await put('no', '2024-03-01')).status).toBe(400);
    expect(await put(false, '2024-03-01')).toMatchObject({
      status: 200,
      body: { events: [{ type: 'MunicipalityAutoAssignToggled', stream: 'municipality-4601' }] },
    });
    const u = nin('1994-04-04');
    await c.person(u, { municipality: '4601' }, '2024-03-02');
    const off = await c.daily('2024-03-03');
    expect(types(off as { events: { type: string }[] })).toEqual(['DailyJobCompleted']);
    // The ufordelte say who places them: Helfo by hand while the switch is off (R9), the job once it is on.
    const placement = async (date: string, who = u) => {
      const list = await t.get(`/v1/municipalities/4601/unassigned?at=${date}`, (await t.head()).toString());
      return list.body.find((p: { nin: string }) => p.nin === who)?.placement;
    };
    expect(await placement('2024-03-03')).toBe('by-hand');
    // Children under 16 are still placed with a parent by the job (R9).
    const kid = nin('2015-05-05');
    await c.person(kid, { municipality: '4601' }, '2024-03-02');
    expect(await placement('2024-03-03', kid)).toBe('automatic');
    expect(await placement('2024-02-29')).toBe('automatic'); // the switch is off from 2024-03-01
    await put(true, '2024-03-04');
    expect(await placement('2024-03-04')).toBe('automatic');
    expect(await placement('2024-03-03')).toBe('by-hand');
    const on = await c.daily('2024-03-05');
    expect(types(on as { events: { type: string }[] })).toContain('PatientListed');
  });
});
