/**
 * Issue 11, black box on both adapters: UpdateGp, UpdateContract and CorrectRenumbering over HTTP,
 * their reads as of a date (valid time) and as known before (record time), and their public events.
 */
import {
  expectCommandOk,
  expectRefusal,
  feedAfter,
  expectInvalid,
  expectNotFound,
  noon,
  type Register,
  startRegister,
  world,
} from './harness';

let reg: Register;
let w: ReturnType<typeof world>;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
});
afterAll(async () => reg?.close());

const asOf = (instant: string) => encodeURIComponent(instant);

describe('POST /v1/gps/{hpr}/updates (UpdateGp, FLR GPUpdated)', () => {
  it('the GP read answers the details of the date, as known at asOf, and the feed announces GPUpdated', async () => {
    const hpr = await w.gp({ name: 'Ingrid Lege' });
    const from = await reg.head();
    const r = await reg.post(`/v1/gps/${hpr}/updates`, {
      validFrom: '2023-03-01',
      name: 'Ingrid Lege Dahl',
      specialistInGeneralPractice: true,
      herId: 112233,
      registeredAt: noon('2023-02-01'),
    });
    expectCommandOk(r, 'UpdateGp');
    expect(r.body.events).toEqual([
      expect.objectContaining({ type: 'GpDetailsUpdated', stream: `gp-${hpr}` }),
    ]);
    const h = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/gps/${hpr}?at=2023-02-28`, h)).body).toMatchObject({
      name: 'Ingrid Lege',
      specialistInGeneralPractice: false,
      herId: null,
    });
    expect((await reg.get(`/v1/gps/${hpr}?at=2023-03-01`, h)).body).toMatchObject({
      name: 'Ingrid Lege Dahl',
      specialistInGeneralPractice: true,
      herId: 112233,
    });
    expect(
      (await reg.get(`/v1/gps/${hpr}?at=2023-03-01&asOf=${asOf('2023-01-31T12:00:00Z')}`, h)).body,
    ).toMatchObject({
      name: 'Ingrid Lege',
      herId: null,
    });
    expect(await feedAfter(reg, from, r.body.position)).toEqual([
      expect.objectContaining({
        type: 'GPUpdated',
        data: {
          hprNumber: hpr,
          name: 'Ingrid Lege Dahl',
          specialistInGeneralPractice: true,
          herId: 112233,
          validFrom: '2023-03-01',
        },
      }),
    ]);
    expectRefusal(
      await reg.post(`/v1/gps/${hpr}/updates`, { validFrom: '2023-04-01', herId: 112233 }),
      'NOTHING_CHANGED',
      '§2.2',
    );
  });

  it('an unknown GP is 404, an update with no detail 400', async () => {
    expectNotFound(
      await reg.post('/v1/gps/9199999/updates', { validFrom: '2023-04-01', name: 'X' }),
      'UNKNOWN_GP',
    );
    const hpr = await w.gp();
    expectInvalid(await reg.post(`/v1/gps/${hpr}/updates`, { validFrom: '2023-04-01' }), 'INVALID_INPUT');
  });
});

describe('POST /v1/contracts/{id}/updates (UpdateContract, FLR ContractUpdated)', () => {
  it('GET /v1/contracts/{id} answers the details of the date and as known at asOf; the feed announces ContractUpdated', async () => {
    const id = await w.contract({ validFrom: '2010-01-01' });
    const from = await reg.head();
    const details = {
      officeName: 'Grünerløkka legesenter',
      officeAddress: { street: 'Thorvald Meyers gate 40', postalCode: '0555', city: 'Oslo' },
      coopMunicipalities: ['3201'],
      accessibleToMobilityImpaired: false,
      fixedSalary: true,
      outOfOfficeLocations: [
        {
          description: 'Torsdager i Lillestrøm',
          address: { street: 'Storgata 1', postalCode: '2000', city: 'Lillestrøm' },
        },
      ],
    };
    const r = await reg.post(`/v1/contracts/${id}/updates`, {
      validFrom: '2024-02-01',
      ...details,
      registeredAt: noon('2024-01-15'),
    });
    expectCommandOk(r, 'UpdateContract');
    expect(r.body).toMatchObject({ effectiveFrom: '2024-02-01' });
    const h = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/contracts/${id}?at=2024-01-31`, h)).body).toMatchObject({
      officeName: null,
      officeAddress: null,
      coopMunicipalities: [],
      accessibleToMobilityImpaired: null,
      fixedSalary: false,
      outOfOfficeLocations: [],
    });
    expect((await reg.get(`/v1/contracts/${id}?at=2024-02-01`, h)).body).toMatchObject(details);
    expect(
      (await reg.get(`/v1/contracts/${id}?at=2024-02-01&asOf=${asOf('2024-01-14T12:00:00Z')}`, h)).body,
    ).toMatchObject({ officeName: null, fixedSalary: false });
    expect(await feedAfter(reg, from, r.body.position)).toEqual([
      expect.objectContaining({
        type: 'ContractUpdated',
        data: expect.objectContaining({
          id,
          gpOfficeName: details.officeName,
          isFixedSalary: true,
          changesValidFrom: '2024-02-01',
        }),
      }),
    ]);
  });

  it('refuses with specific codes: not in force, own municipality, before the start, nothing changed, unknown', async () => {
    const id = await w.contract({ validFrom: '2010-01-01' });
    const update = (body: Record<string, unknown>, contractId = id) =>
      reg.post(`/v1/contracts/${contractId}/updates`, body);
    // Bærum's 0219 ended with 2019.
    expectRefusal(
      await update({ validFrom: '2024-02-01', coopMunicipalities: ['0219'] }),
      'MUNICIPALITY_NOT_IN_FORCE',
      '§1.8',
    );
    expectRefusal(
      await update({ validFrom: '2024-02-01', coopMunicipalities: ['0301'] }),
      'COOP_INCLUDES_MAIN_MUNICIPALITY',
      '§2.4',
    );
    expectRefusal(
      await update({ validFrom: '2009-12-31', fixedSalary: true }),
      'UPDATE_BEFORE_CONTRACT_START',
      '§2.4',
    );
    expectRefusal(await update({ validFrom: '2024-02-01', fixedSalary: false }), 'NOTHING_CHANGED', '§2.4');
    expectInvalid(
      await update({ validFrom: '2024-02-01', coopMunicipalities: ['3201', '3201'] }),
      'INVALID_INPUT',
      'coopMunicipalities',
    );
    expectNotFound(
      await update({ validFrom: '2024-02-01', fixedSalary: true }, 'acc-no-such'),
      'UNKNOWN_CONTRACT',
    );
  });
});

describe('POST /v1/municipalities/{number}/renumbering/corrections (CorrectRenumbering)', () => {
  it('annuls a wrong renumbering: the old number throughout, the old belief with asOf, ContractUpdated on the feed', async () => {
    const id = await w.contract({ municipality: '1106' });
    const renumbered = await reg.post('/v1/municipalities/1106/renumbering', {
      newNumber: '1103',
      effectiveFrom: '2026-01-01',
      overrideReason: 'typed for the wrong municipality',
      registeredAt: noon('2025-01-10'),
    });
    expectCommandOk(renumbered, 'RenumberMunicipality');
    const from = await reg.head();
    const r = await reg.post('/v1/municipalities/1106/renumbering/corrections', {
      reason: 'The renumbering was recorded for the wrong municipality',
      registeredAt: noon('2025-02-10'),
    });
    expectCommandOk(r, 'CorrectRenumbering');
    expect(r.body.events).toEqual([
      expect.objectContaining({ type: 'MunicipalityRenumberingAnnulled', stream: 'municipality-1106' }),
    ]);
    const h = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/contracts/${id}?at=2026-06-01`, h)).body.municipality).toBe('1106');
    expect(
      (await reg.get(`/v1/contracts/${id}?at=2026-06-01&asOf=${asOf('2025-01-20T12:00:00Z')}`, h)).body
        .municipality,
    ).toBe('1103');
    expect(await feedAfter(reg, from, r.body.position)).toEqual([
      expect.objectContaining({
        type: 'ContractUpdated',
        data: expect.objectContaining({ id, municipality: '1106' }),
      }),
    ]);
    expectRefusal(
      await reg.post('/v1/municipalities/1106/renumbering/corrections', { reason: 'once more' }),
      'NOTHING_TO_CORRECT',
      '§1.8',
    );
    expectInvalid(
      await reg.post('/v1/municipalities/1106/renumbering/corrections', {}),
      'INVALID_INPUT',
      'reason',
    );
  });
});
