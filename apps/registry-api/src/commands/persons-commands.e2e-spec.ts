import { nin } from '@flr/testing';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands } from './e2e-helpers';

const P = '24029012349';

describe('person commands over HTTP (API.md, DOMAIN §8)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A');
    await c.contract('L-B');
    await c.contract('L-C');
    await c.contract('L-BERGEN', 10, { municipality: '4601' });
    await c.contract('L-FULL', 0);
    await c.person(P);
    await c.assign(P, 'L-A');
  });
  afterAll(async () => t.close());

  it('S02/S07: an invalid or H-number nin is 400 INVALID_NIN / NOT_A_REGISTER_ID, in a path or a body', async () => {
    const head = await t.head();
    expect(await c.change('15038512364', 'L-B', '2024-03-15')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_NIN' },
    });
    expect(await c.change('15438512346', 'L-B', '2024-03-15')).toMatchObject({
      status: 400,
      body: { code: 'NOT_A_REGISTER_ID' },
    });
    const body = await t.post('/v1/persons', { nin: '15038512364', municipality: '0301' });
    expect(body).toMatchObject({ status: 400, body: { code: 'INVALID_NIN', errors: [{ field: 'nin' }] } });
    expect(await t.head()).toBe(head);
  });

  it('bad input names the field and writes nothing', async () => {
    const head = await t.head();
    const malformed = await t.post('/v1/persons', '{"nin": ');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const unknownField = await t.post('/v1/contracts', {
      contractId: 'L-Z',
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 5,
      validFrom: '2024-01-01',
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'colour' })]),
    );
    const wrongType = await t.post('/v1/contracts', {
      contractId: 'L-Z',
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: '5',
      validFrom: '2024-01-01',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'maxPatients' })]),
    );
    const badDate = await c.change(P, 'L-B', '2024-03-15', { registeredAt: 'yesterday' });
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'registeredAt' })]);
    expect(await t.head()).toBe(head);
  });

  it('registering twice is 409 ALREADY_REGISTERED; unknown things are 404', async () => {
    expect(await t.post('/v1/persons', { nin: P, municipality: '0301' })).toMatchObject({
      status: 409,
      body: { code: 'ALREADY_REGISTERED' },
    });
    expect(await c.change('15038512363', 'L-B', '2024-03-15')).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_PERSON' },
    });
    expect(await c.change(P, 'L-NOPE', '2024-03-15')).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_CONTRACT' },
    });
    const doctor = await t.post('/v1/contracts/L-A/doctors', {
      hpr: 999,
      relationship: 'LPFL',
      from: '2024-01-01',
    });
    expect(doctor).toMatchObject({ status: 404, body: { code: 'UNKNOWN_GP' } });
  });

  it('S05: a plain D-number holder is NOT_ENTITLED', async () => {
    await c.person('55038512357', {}, '2024-01-01');
    expect(await c.change('55038512357', 'L-A', '2024-03-15')).toMatchObject({
      status: 409,
      body: { code: 'NOT_ENTITLED', rule: 'R2' },
    });
  });

  it('S11: a change takes effect on the 1st of the next month; queries see both sides', async () => {
    const res = await c.change(P, 'L-B', '2024-03-15');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      effectiveFrom: '2024-04-01',
      events: [
        { type: 'PatientUnlisted', stream: expect.stringMatching(/^person-/), revision: expect.any(Number) },
        { type: 'PatientListed', stream: expect.stringMatching(/^person-/) },
      ],
    });
    expect(res.body.position).toMatch(/^\d+$/);
    expect(JSON.stringify(res.body)).not.toContain(P);
    const before = await t.get(`/v1/persons/${P}/gp?at=2024-03-31`, res.body.position);
    const after = await t.get(`/v1/persons/${P}/gp?at=2024-04-01`, res.body.position);
    expect(before.body.contractId).toBe('L-A');
    expect(after.body.contractId).toBe('L-B');
  });

  it('S14/S15/S16: the third change is refused; a move gives one that does not count; January resets', async () => {
    expect((await c.change(P, 'L-C', '2024-06-10')).status).toBe(201);
    expect(await c.change(P, 'L-A', '2024-09-01')).toMatchObject({
      status: 409,
      body: { code: 'YEARLY_LIMIT_REACHED', rule: 'R15' },
    });
    const move = await t.post(`/v1/persons/${P}/moves`, {
      municipality: '4601',
      movedOn: '2024-08-20',
      registeredAt: at('2024-08-20'),
    });
    expect(move).toMatchObject({
      status: 200,
      body: { events: [{ type: 'PersonMoved' }, { type: 'LetterSent' }] },
    });
    // S43: the move itself changes nothing on the list.
    const still = await t.get(`/v1/persons/${P}/gp?at=2024-08-21`, move.body.position);
    expect(still.body.contractId).toBe('L-C');
    expect((await c.change(P, 'L-BERGEN', '2024-09-01')).status).toBe(201);
    expect((await c.change(P, 'L-A', '2025-01-02')).status).toBe(201);
  });

  it('S18: a full list is NO_CAPACITY with a hint that a waiting list exists', async () => {
    expect(await c.change(P, 'L-FULL', '2025-02-01')).toMatchObject({
      status: 409,
      body: { code: 'NO_CAPACITY', rule: 'R19', waitingListAvailable: true },
    });
  });

  it('repeating a commandId returns the first outcome and writes nothing', async () => {
    const q = nin('1977-07-07');
    const first = await t.post('/v1/persons', {
      nin: q,
      municipality: '0301',
      commandId: 'reg-q',
      registeredAt: at('2024-01-01'),
    });
    const head = await t.head();
    const again = await t.post('/v1/persons', {
      nin: q,
      municipality: '0301',
      commandId: 'reg-q',
      registeredAt: at('2024-01-01'),
    });
    expect(again.body).toEqual(first.body);
    expect(await t.head()).toBe(head);
  });

  it('S09/S10/S43/S45: emigration, opt-out, a move and a NIN change', async () => {
    const e = nin('1960-01-01');
    await c.person(e);
    await c.assign(e, 'L-A');
    const emigration = await t.post(`/v1/persons/${e}/emigration`, {
      emigratedOn: '2024-05-10',
      registeredAt: at('2024-05-10'),
    });
    expect(emigration.body.events.map((x: { type: string }) => x.type)).toEqual([
      'PersonEmigrated',
      'PatientUnlisted',
    ]);
    const o = nin('1961-01-01');
    await c.person(o);
    await c.assign(o, 'L-A');
    const optOut = await t.post(`/v1/persons/${o}/opt-out`, { registeredAt: at('2024-03-15') });
    expect(optOut.status).toBe(200);
    const job = await c.daily('2024-04-15');
    const optedOutStream = optOut.body.events[0].stream;
    const placed = job.events.filter((x: { type: string }) => x.type === 'PatientListed');
    expect(placed.length).toBeGreaterThan(0); // others unassigned are placed (R7) ...
    expect(placed.map((x: { stream: string }) => x.stream)).not.toContain(optedOutStream); // ... not the opted out
    const bodyless = await fetch(`${t.url}/v1/persons/${o}/opt-in`, { method: 'POST' });
    expect(bodyless.status).toBe(200);
    const D = '55038512357';
    const rekey = await t.post(`/v1/persons/${D}/nin-change`, {
      newNin: '15038512363',
      registeredAt: at('2024-05-05'),
    });
    expect(rekey).toMatchObject({ status: 200, body: { events: [{ type: 'PersonNinChanged' }] } });
    expect(await c.change(D, 'L-A', '2024-06-01')).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_PERSON' },
    });
    const history = await t.get('/v1/persons/15038512363/gp-history', rekey.body.position);
    expect(history.status).toBe(200);
    expect((await t.get(`/v1/persons/${D}/gp-history`, rekey.body.position)).status).toBe(404);
  });

  it('admits exactly 5 of 20 concurrent changes to a list with 5 free places', async () => {
    await c.contract('L-FIVE', 5);
    const people = Array.from({ length: 20 }, (_, i) => nin(`1982-03-${String(i + 1).padStart(2, '0')}`));
    for (const n of people) await c.person(n, {}, '2024-01-01');
    const results = await Promise.all(people.map((n) => c.change(n, 'L-FIVE', '2024-03-15')));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'NO_CAPACITY')).toHaveLength(15);
  });
});

describe('choosing the current list again while a change is pending (§4.3) over HTTP', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const R = nin('1988-08-08');

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A');
    await c.contract('L-B');
    await c.person(R);
    await c.assign(R, 'L-A');
  });
  afterAll(async () => t.close());

  it('leaves one open period on the current list in gp-history, and the GP after the 1st is unchanged', async () => {
    expect((await c.change(R, 'L-B', '2024-03-10')).status).toBe(201);
    const back = await c.change(R, 'L-A', '2024-03-20');
    expect(back).toMatchObject({ status: 201, body: { effectiveFrom: '2024-04-01' } });
    const history = await t.get(`/v1/persons/${R}/gp-history`, back.body.position);
    expect(history.body).toEqual([
      expect.objectContaining({ contractId: 'L-A', period: { from: '2020-02-01', to: null } }),
    ]);
    const gp = await t.get(`/v1/persons/${R}/gp?at=2024-04-15`, back.body.position);
    expect(gp.body).toMatchObject({ contractId: 'L-A', period: { from: '2020-02-01', to: null } });
  });
});

describe('parents acting for children over HTTP (R11, R12, R21)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const mother = nin('1980-02-02', 4);
  const father = nin('1979-02-02', 5);
  const child15 = nin('2009-03-16', 6);
  const child16 = nin('2008-03-15', 7);

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A');
    await c.contract('L-B');
    await c.person(mother, { householdId: 'H1', sex: 'female' });
    await c.person(father, { householdId: 'H2', sex: 'male' });
    for (const child of [child15, child16]) {
      await c.person(child, { householdId: 'H1', parents: [mother, father] });
    }
  });
  afterAll(async () => t.close());

  it('a parent at the same address acts for a child under 16; not from another address, not for a 16-year-old', async () => {
    const fatherTries = await c.change(child15, 'L-A', '2024-03-15', { requestedBy: father });
    expect(fatherTries).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED', rule: 'R11' } });
    const alone = await c.change(child15, 'L-A', '2024-03-15');
    expect(alone).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED' } });
    expect((await c.change(child15, 'L-A', '2024-03-15', { requestedBy: mother })).status).toBe(201);
    const forSixteen = await c.change(child16, 'L-A', '2024-03-15', { requestedBy: mother });
    expect(forSixteen).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED', rule: 'R12' } });
    expect((await c.change(child16, 'L-A', '2024-03-15')).status).toBe(201);
    const queue = (nin: string, requestedBy?: string) =>
      t.post('/v1/waiting-lists/L-B', { nin, requestedBy, registeredAt: at('2024-03-16') });
    expect(await queue(child15, father)).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED' } });
    expect((await queue(child15, mother)).status).toBe(201);
    expect(await queue(child16, mother)).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED' } });
  });

  it('R4: a parent at the same address opts the child out; a parent elsewhere may not', async () => {
    const body = (requestedBy: string) => ({ requestedBy, registeredAt: at('2024-04-02') });
    const refused = await t.post(`/v1/persons/${child15}/opt-out`, body(father));
    expect(refused).toMatchObject({ status: 409, body: { code: 'NOT_AUTHORISED' } });
    const done = await t.post(`/v1/persons/${child15}/opt-out`, body(mother));
    expect(done.status).toBeLessThan(300);
    expect(done.body.events.map((e: { type: string }) => e.type)).toContain('PersonOptedOut');
  });
});
