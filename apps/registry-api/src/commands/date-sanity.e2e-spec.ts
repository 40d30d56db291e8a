import { type CommandApp, startCommandApp } from '../../test/command-test-app';

/** Dates that parse but make no sense are 400 naming the field, and nothing is written (issue 9). */
describe('dates that cannot be true are refused before any rule runs', () => {
  let t: CommandApp;
  beforeAll(async () => {
    t = await startCommandApp();
  });
  afterAll(async () => t.close());

  const tomorrow = () => new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
  const refusedOn = async (path: string, body: Record<string, unknown>, field: string) => {
    const head = await t.head();
    const r = await t.post(path, JSON.stringify(body));
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await t.head()).toBe(head);
  };

  it('registeredAt in the future (2099) names registeredAt', async () => {
    await refusedOn(
      '/v1/gps',
      { hpr: 1234567, name: 'Dr Future', registeredAt: '2099-01-01T12:00:00Z' },
      'registeredAt',
    );
  });

  it('a registeredAt a few seconds ahead (clock skew) is accepted', async () => {
    const soon = new Date(Date.now() + 30_000).toISOString();
    const r = await t.post('/v1/gps', JSON.stringify({ hpr: 1234568, name: 'Dr Skew', registeredAt: soon }));
    expect(r.status).toBe(201);
  });

  it('a death after the day it is registered names diedOn', async () => {
    await refusedOn('/v1/persons/24029012349/death', { diedOn: tomorrow() }, 'diedOn');
    await refusedOn(
      '/v1/persons/24029012349/death',
      { diedOn: '2024-05-02', registeredAt: '2024-05-01T12:00:00+02:00' },
      'diedOn',
    );
  });

  it('a birth date after registration names birthDate', async () => {
    await refusedOn(
      '/v1/persons',
      { nin: '24029012349', municipality: '0301', birthDate: tomorrow() },
      'birthDate',
    );
    await refusedOn('/v1/gps', { hpr: 1234569, name: 'Dr Unborn', birthDate: tomorrow() }, 'birthDate');
  });

  it('a contract valid from before the scheme (2001-06-01) names validFrom; the first day itself is fine', async () => {
    const contract = { municipality: '0301', officeOrgNo: '974760673', maxPatients: 100 };
    await refusedOn('/v1/contracts', { ...contract, validFrom: '2001-05-31' }, 'validFrom');
    const r = await t.post('/v1/contracts', JSON.stringify({ ...contract, validFrom: '2001-06-01' }));
    expect(r.status).toBe(201);
  });

  it('a daily job before the scheme names date', async () => {
    await refusedOn('/v1/jobs/daily', { date: '2000-12-31' }, 'date');
  });

  it('a daily job for a day after the day it is registered names date; that day itself runs', async () => {
    // API.md: the job acts on the facts registered up to the end of its date, unknown before that day.
    await refusedOn('/v1/jobs/daily', { date: tomorrow() }, 'date');
    await refusedOn(
      '/v1/jobs/daily',
      { date: '2024-05-02', registeredAt: '2024-05-01T23:30:00+02:00' },
      'date',
    );
    const r = await t.post(
      '/v1/jobs/daily',
      JSON.stringify({ date: '2024-05-02', registeredAt: '2024-05-02T00:10:00+02:00' }),
    );
    expect(r.status).toBe(200);
  });
});
