import { nin } from '@flr/testing';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands, ORG } from './e2e-helpers';

/** The public events after `from`, once the read models have reached `position`. */
async function feed(t: CommandApp, from: string, position: string) {
  const res = await fetch(`${t.url}/v1/events?from=${from}`, { headers: { 'x-min-position': position } });
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
}

describe('updates of a GP and a contract from a validity date (issue 11; FLR GPUpdated / ContractUpdated)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const HPR = 9144900;

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.ok('/v1/gps', { hpr: HPR, name: 'Kari Nordmann', registeredAt: at('2020-01-01') });
    await c.contract('L-A');
  });
  afterAll(async () => t.close());

  it('POST /v1/gps/{hpr}/updates: the GP read shows the new details from the date, and as known before with asOf', async () => {
    const before = await t.head();
    const res = await t.post(`/v1/gps/${HPR}/updates`, {
      validFrom: '2024-06-01',
      name: 'Kari Nordmann Berg',
      specialistInGeneralPractice: true,
      herId: 8094521,
      registeredAt: at('2024-05-01'),
    });
    expect(res).toMatchObject({
      status: 200,
      body: { events: [{ type: 'GpDetailsUpdated', stream: `gp-${HPR}` }], effectiveFrom: '2024-06-01' },
    });
    const gp = (q: string) => t.get(`/v1/gps/${HPR}?${q}`, res.body.position);
    expect((await gp('at=2024-05-31')).body).toMatchObject({
      name: 'Kari Nordmann',
      specialistInGeneralPractice: false,
      herId: null,
    });
    expect((await gp('at=2024-06-01')).body).toMatchObject({
      name: 'Kari Nordmann Berg',
      specialistInGeneralPractice: true,
      herId: 8094521,
    });
    const asOfBefore = encodeURIComponent('2024-04-30T12:00:00+02:00');
    expect((await gp(`at=2024-06-01&asOf=${asOfBefore}`)).body).toMatchObject({
      name: 'Kari Nordmann',
      herId: null,
    });
    const events = await feed(t, before.toString(), res.body.position);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'GPUpdated',
        data: {
          hprNumber: HPR,
          name: 'Kari Nordmann Berg',
          specialistInGeneralPractice: true,
          herId: 8094521,
          validFrom: '2024-06-01',
        },
      }),
    ]);
  });

  it('a GP name of only whitespace is 400 INVALID_INPUT naming name, on registration and on update', async () => {
    const before = await t.head();
    for (const [path, body] of [
      ['/v1/gps', { hpr: 9144901, name: '   ', registeredAt: at('2024-05-01') }],
      ['/v1/gps', { hpr: 9144902, name: '\t\n', registeredAt: at('2024-05-01') }],
      [`/v1/gps/${HPR}/updates`, { validFrom: '2024-06-01', name: ' ', registeredAt: at('2024-05-01') }],
    ] as const) {
      const res = await t.post(path, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'name' }] });
    }
    expect(await t.head()).toBe(before);
  });

  it('refuses a GP update that changes nothing, an unknown GP and an empty update', async () => {
    expect(await t.post(`/v1/gps/${HPR}/updates`, { validFrom: '2024-07-01', herId: 8094521 })).toMatchObject(
      {
        status: 409,
        body: { code: 'NOTHING_CHANGED', rule: '§2.2' },
      },
    );
    expect(await t.post('/v1/gps/9144999/updates', { validFrom: '2024-07-01', name: 'X' })).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_GP' },
    });
    expect(await t.post(`/v1/gps/${HPR}/updates`, { validFrom: '2024-07-01' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
    expect((await t.post('/v1/gps/abc/updates', { validFrom: '2024-07-01', name: 'X' })).status).toBe(400);
    for (const herId of ['8094521', 0, 1.5, 1_000_000_000, 2 ** 53]) {
      const wrong = await t.post(`/v1/gps/${HPR}/updates`, { validFrom: '2024-07-01', herId });
      expect(wrong).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
      // One message for the field however it is wrong, not one per failed constraint.
      expect(wrong.body.errors).toEqual([
        { field: 'herId', message: 'herId must be a whole number from 1 to 999999999 (at most 9 digits)' },
      ]);
    }
  });

  it('POST /v1/contracts/{id}/updates: GET /v1/contracts/{id} shows the details from the date, as known then with asOf', async () => {
    const before = await t.head();
    const office = {
      officeName: 'Sagene legesenter',
      officeAddress: { street: 'Sandakerveien 24', postalCode: '0473', city: 'Oslo' },
    };
    const utekontor = {
      description: 'Tirsdager på Nydalen',
      address: { street: 'Nydalsveien 30', postalCode: '0484', city: 'Oslo' },
    };
    const res = await t.post('/v1/contracts/L-A/updates', {
      validFrom: '2024-09-01',
      ...office,
      coopMunicipalities: ['3301', '3201'],
      accessibleToMobilityImpaired: true,
      fixedSalary: true,
      outOfOfficeLocations: [utekontor],
      registeredAt: at('2024-08-01'),
    });
    expect(res).toMatchObject({
      status: 200,
      body: {
        events: [{ type: 'ContractDetailsUpdated', stream: 'contract-L-A' }],
        effectiveFrom: '2024-09-01',
      },
    });
    const get = (q: string) => t.get(`/v1/contracts/L-A?${q}`, res.body.position);
    expect((await get('at=2024-08-31')).body).toMatchObject({
      officeOrgNo: ORG,
      officeName: null,
      officeAddress: null,
      coopMunicipalities: [],
      accessibleToMobilityImpaired: null,
      fixedSalary: false,
      outOfOfficeLocations: [],
    });
    const after = {
      ...office,
      coopMunicipalities: ['3201', '3301'],
      accessibleToMobilityImpaired: true,
      fixedSalary: true,
      outOfOfficeLocations: [utekontor],
    };
    expect((await get('at=2024-09-01')).body).toMatchObject(after);
    const asOfBefore = encodeURIComponent('2024-07-31T12:00:00+02:00');
    expect((await get(`at=2024-09-01&asOf=${asOfBefore}`)).body).toMatchObject({
      officeName: null,
      fixedSalary: false,
    });
    const events = await feed(t, before.toString(), res.body.position);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ContractUpdated',
        data: expect.objectContaining({
          id: 'L-A',
          gpOfficeName: 'Sagene legesenter',
          coopMunicipalities: ['3201', '3301'],
          isFixedSalary: true,
          changesValidFrom: '2024-09-01',
        }),
      }),
    ]);
  });

  it('a list moved to another office is on the new office from the date (GET /v1/offices/{orgNo}/contracts)', async () => {
    const NEW_OFFICE = '974760673';
    const res = await c.ok('/v1/contracts/L-A/updates', {
      validFrom: '2025-01-01',
      officeOrgNo: NEW_OFFICE,
      registeredAt: at('2024-12-01'),
    });
    const ids = async (orgNo: string, date: string) =>
      (
        (await t.get(`/v1/offices/${orgNo}/contracts?at=${date}`, res.position)).body as {
          contractId: string;
        }[]
      ).map((x) => x.contractId);
    expect(await ids(ORG, '2024-12-31')).toEqual(['L-A']);
    expect(await ids(NEW_OFFICE, '2024-12-31')).toEqual([]);
    expect(await ids(ORG, '2025-01-01')).toEqual([]);
    expect(await ids(NEW_OFFICE, '2025-01-01')).toEqual(['L-A']);
  });

  it('a co-operating municipality not in force on the validity date is 409 MUNICIPALITY_NOT_IN_FORCE (§1.8)', async () => {
    // Bærum was 0219 until 2019, 3024 in 2020–23 and 3201 from 2024.
    const coop = (validFrom: string, number: string) =>
      t.post('/v1/contracts/L-A/updates', { validFrom, coopMunicipalities: [number] });
    expect(await coop('2024-10-01', '0219')).toMatchObject({
      status: 409,
      body: { code: 'MUNICIPALITY_NOT_IN_FORCE', rule: '§1.8' },
    });
    expect(await coop('2019-06-01', '3201')).toMatchObject({
      status: 409,
      body: { code: 'MUNICIPALITY_NOT_IN_FORCE', rule: '§1.8' },
    });
    expect((await coop('2019-06-01', '0219')).status).toBe(200);
  });

  it('refuses contract updates with specific codes', async () => {
    const post = (body: Record<string, unknown>, id = 'L-A') => t.post(`/v1/contracts/${id}/updates`, body);
    expect(await post({ validFrom: '2024-10-01', fixedSalary: true })).toMatchObject({
      status: 409,
      body: { code: 'NOTHING_CHANGED', rule: '§2.4' },
    });
    expect(await post({ validFrom: '2001-05-01', fixedSalary: true })).toMatchObject({ status: 400 });
    await c.contract('L-LATE', 10, { validFrom: '2020-01-01' });
    expect(await post({ validFrom: '2019-12-31', fixedSalary: true }, 'L-LATE')).toMatchObject({
      status: 409,
      body: { code: 'UPDATE_BEFORE_CONTRACT_START', rule: '§2.4' },
    });
    expect(await post({ validFrom: '2024-10-01', coopMunicipalities: ['0301'] })).toMatchObject({
      status: 409,
      body: { code: 'COOP_INCLUDES_MAIN_MUNICIPALITY', rule: '§2.4' },
    });
    for (const unknown of [{ fixedSalary: true }, { coopMunicipalities: ['0219'] }])
      expect(await post({ validFrom: '2024-10-01', ...unknown }, 'NO-SUCH')).toMatchObject({
        status: 404,
        body: { code: 'UNKNOWN_CONTRACT' },
      });
    expect(await post({ validFrom: '2024-10-01' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
    expect(
      await post({ validFrom: '2024-10-01', officeAddress: { street: 'X', postalCode: '12', city: 'Oslo' } }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'officeAddress.postalCode' }] },
    });
  });
});

describe('correcting a wrongly recorded renumbering (issue 11)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-H', 10, { municipality: '1106' });
  });
  afterAll(async () => t.close());

  it('annuls it with the reason: valid time shows the old number throughout, asOf before the correction the old belief', async () => {
    const renumber = await c.ok('/v1/municipalities/1106/renumbering', {
      newNumber: '1103',
      effectiveFrom: '2027-01-01',
      overrideReason: 'ministry decision, not yet in the national code history',
      registeredAt: at('2024-01-10'),
    });
    const municipalityOf = async (q: string, position: string) =>
      (await t.get(`/v1/contracts/L-H?${q}`, position)).body.municipality;
    expect(await municipalityOf('at=2027-02-01', renumber.position)).toBe('1103');
    const before = await t.head();
    const res = await t.post('/v1/municipalities/1106/renumbering/corrections', {
      reason: 'The decision concerned another municipality; recorded here by mistake',
      registeredAt: at('2024-02-10'),
    });
    expect(res).toMatchObject({
      status: 200,
      body: { events: [{ type: 'MunicipalityRenumberingAnnulled', stream: 'municipality-1106' }] },
    });
    expect(await municipalityOf('at=2027-02-01', res.body.position)).toBe('1106');
    const believed = encodeURIComponent('2024-01-20T12:00:00+01:00');
    expect(await municipalityOf(`at=2027-02-01&asOf=${believed}`, res.body.position)).toBe('1103');
    const inStavanger = await t.get('/v1/contracts?municipality=1103&at=2027-02-01', res.body.position);
    expect(inStavanger.body).toEqual([]);
    const events = await feed(t, before.toString(), res.body.position);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ContractUpdated',
        data: expect.objectContaining({ id: 'L-H', municipality: '1106' }),
      }),
    ]);
    const stored = [];
    for await (const e of t.store.readStream('municipality-1106')) stored.push(e);
    expect(stored.at(-1)).toMatchObject({
      type: 'MunicipalityRenumberingAnnulled',
      data: {
        oldNumber: '1106',
        newNumber: '1103',
        effectiveFrom: '2027-01-01',
        reason: expect.stringContaining('by mistake'),
      },
      metadata: { actor: 'local' },
    });
  });

  it('the write side follows the correction: the old number is in force again for new facts (§1.8)', async () => {
    await c.ok('/v1/municipalities/1101/renumbering', {
      newNumber: '1103',
      effectiveFrom: '2020-01-01',
      overrideReason: 'recorded for Eigersund by mistake',
    });
    const person = (n: string) => t.post('/v1/persons', { nin: n, municipality: '1101' });
    expect(await person(nin('1981-01-01'))).toMatchObject({
      status: 409,
      body: { code: 'MUNICIPALITY_NOT_IN_FORCE', rule: '§1.8' },
    });
    await c.ok('/v1/municipalities/1101/renumbering/corrections', {
      reason: 'Eigersund was never renumbered',
    });
    expect((await person(nin('1981-01-02'))).status).toBe(201);
  });

  it('refuses a second correction, and takes the right renumbering afterwards', async () => {
    expect(
      await t.post('/v1/municipalities/1106/renumbering/corrections', { reason: 'again, by mistake' }),
    ).toMatchObject({ status: 409, body: { code: 'NOTHING_TO_CORRECT', rule: '§1.8' } });
    const right = await c.ok('/v1/municipalities/1106/renumbering', {
      newNumber: '1103',
      effectiveFrom: '2028-01-01',
      overrideReason: 'the right decision this time',
      registeredAt: at('2024-03-01'),
    });
    const get = (date: string) => t.get(`/v1/contracts/L-H?at=${date}`, right.position);
    expect((await get('2027-06-01')).body.municipality).toBe('1106');
    expect((await get('2028-01-01')).body.municipality).toBe('1103');
    expect(
      (await t.post('/v1/municipalities/0301/renumbering/corrections', { reason: 'nothing recorded' })).body,
    ).toMatchObject({ code: 'NOTHING_TO_CORRECT' });
  });
});
