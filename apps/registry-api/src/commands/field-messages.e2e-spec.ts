import { nin } from '@flr/testing';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands } from './e2e-helpers';

/**
 * Issue 9, defects 4 and 10: dates that contradict what the register knows of the person, and field
 * messages that say what is actually wrong. Each refusal is a 400 naming the field, with nothing written.
 */
describe('dates against the person, and messages that name the real problem', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const P = nin('1990-05-05');

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A');
    await c.person(P);
  });
  afterAll(async () => t.close());

  const refused = async (path: string, body: unknown, field: string, code = 'INVALID_INPUT') => {
    const head = await t.head();
    const r = await t.post(path, body);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code });
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await t.head()).toBe(head);
    return r.body.errors as { field: string; message: string }[];
  };

  it('a death, a move or an emigration before the person was born names the date field', async () => {
    const before = { registeredAt: at('2024-03-01') };
    await refused(`/v1/persons/${P}/death`, { ...before, diedOn: '1989-12-31' }, 'diedOn');
    await refused(
      `/v1/persons/${P}/moves`,
      { ...before, municipality: '0301', movedOn: '1990-05-04' },
      'movedOn',
    );
    await refused(`/v1/persons/${P}/emigration`, { ...before, emigratedOn: '1980-01-01' }, 'emigratedOn');
  });

  it('a move or an emigration years ahead (2031) is refused; one within the advance notice is accepted', async () => {
    await refused(`/v1/persons/${P}/moves`, { municipality: '0301', movedOn: '2031-01-01' }, 'movedOn');
    await refused(`/v1/persons/${P}/emigration`, { emigratedOn: '2031-01-01' }, 'emigratedOn');
    const ahead = await t.post(`/v1/persons/${P}/moves`, {
      municipality: '0301',
      movedOn: '2024-03-20',
      registeredAt: at('2024-03-01'),
    });
    expect(ahead.status).toBe(200);
    await refused(
      `/v1/persons/${P}/moves`,
      { municipality: '0301', movedOn: '2024-05-01', registeredAt: at('2024-03-02') },
      'movedOn',
    );
  });

  it('a birth date that contradicts the identity number names birthDate', async () => {
    const errors = await refused(
      '/v1/persons',
      { nin: nin('1985-07-01'), municipality: '0301', birthDate: '1985-07-02' },
      'birthDate',
    );
    expect(errors.find((e) => e.field === 'birthDate')?.message).toMatch(/date of birth encoded in nin/);
    const q = nin('1985-07-03');
    const ok = await t.post('/v1/persons', { nin: q, municipality: '0301', birthDate: '1985-07-03' });
    expect(ok.status).toBe(201);
  });

  it('a placement effective before the person was born names effectiveFrom', async () => {
    const baby = nin('2023-03-10');
    await c.person(baby, {}, '2023-03-15');
    await refused(
      '/v1/assignments',
      { nin: baby, contractId: 'L-A', effectiveFrom: '2023-03-01', registeredAt: at('2023-03-20') },
      'effectiveFrom',
    );
  });

  it('reason INITIAL_2001 on a 2025 placement names reason; before the scheme it is the initial distribution', async () => {
    const q = nin('1960-01-01');
    await c.person(q, {}, '2001-03-01');
    const errors = await refused(
      '/v1/assignments',
      { nin: q, contractId: 'L-A', reason: 'INITIAL_2001', registeredAt: at('2025-01-10') },
      'reason',
    );
    expect(errors[0].message).toMatch(/initial distribution/);
    const initial = await t.post('/v1/assignments', {
      nin: q,
      contractId: 'L-A',
      reason: 'INITIAL_2001',
      effectiveFrom: '2001-06-01',
      registeredAt: at('2001-04-01'),
    });
    expect(initial.status).toBe(201);
  });

  it('a parent number with a bad check digit is INVALID_NIN for that element, not a length complaint', async () => {
    const good = nin('1960-02-02');
    const bad = `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`;
    const errors = await refused(
      '/v1/persons',
      { nin: nin('2010-02-02'), municipality: '0301', parents: [good, bad] },
      'parents[1]',
      'INVALID_NIN',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].message).not.toMatch(/11 digits/);
  });

  it('a single identity number sent as an array is INVALID_NIN naming the field, never an empty error list', async () => {
    const other = nin('1970-03-03');
    const cases: [string, Record<string, unknown>, string][] = [
      ['/v1/persons', { nin: [other], municipality: '0301' }, 'nin'],
      ['/v1/assignments', { nin: [P], contractId: 'L-A' }, 'nin'],
      ['/v1/waiting-lists/L-A', { nin: [P] }, 'nin'],
      [`/v1/persons/${P}/gp-changes`, { contractId: 'L-A', requestedBy: [other] }, 'requestedBy'],
      [`/v1/persons/${P}/nin-change`, { newNin: [other] }, 'newNin'],
    ];
    for (const [path, body, field] of cases) {
      const errors = await refused(path, body, field, 'INVALID_NIN');
      expect(errors).toEqual([{ field, message: expect.stringMatching(/11 digits/) }]);
    }
  });

  it('a missing required field says "required" once', async () => {
    const errors = await refused('/v1/persons', { municipality: '0301' }, 'nin');
    expect(errors.filter((e) => e.field === 'nin')).toEqual([{ field: 'nin', message: 'nin is required' }]);
    const contract = await refused('/v1/assignments', { nin: P }, 'contractId');
    expect(contract.filter((e) => e.field === 'contractId')).toHaveLength(1);
  });

  it('a change to a locked list says the list is locked', async () => {
    await c.contract('L-LOCKED', 100);
    const lock = await t.post(
      '/v1/contracts/L-LOCKED/status',
      { status: 'locked', registeredAt: at('2024-04-01') },
      'PUT',
    );
    expect(lock.status).toBe(200);
    await c.assign(P, 'L-A', '2024-04-02');
    const r = await c.change(P, 'L-LOCKED', '2024-04-03');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'NO_CAPACITY', rule: 'R14' });
    expect(r.body.message).toMatch(/locked/);
  });

  it('contract ids may hold Norwegian letters (Æ Ø Å), as the message promises', async () => {
    const r = await c.contract('LEGEKONTOR-ÆRØ-Å1');
    expect(r.events[0].stream).toContain('ÆRØ-Å1');
    const got = await t.get(`/v1/contracts/${encodeURIComponent('LEGEKONTOR-ÆRØ-Å1')}`, r.position);
    expect(got.status).toBe(200);
    const bad = await t.post('/v1/contracts', {
      contractId: 'L A',
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 10,
      validFrom: '2001-06-01',
    });
    expect(bad.body.errors[0].message).toMatch(/Æ Ø Å/);
  });

  it('a backdated command on a list (not only on a person) is 409 BACKDATED_COMMAND and writes nothing', async () => {
    await c.contract('L-BACKDATE', 100);
    const later = await t.post(
      '/v1/contracts/L-BACKDATE/ceiling',
      { maxPatients: 120, registeredAt: at('2024-06-01') },
      'PUT',
    );
    expect(later.status).toBe(200);
    const head = await t.head();
    const backdated = await t.post(
      '/v1/contracts/L-BACKDATE/status',
      { status: 'locked', registeredAt: at('2024-05-15') },
      'PUT',
    );
    expect(backdated.status).toBe(409);
    expect(backdated.body).toMatchObject({ code: 'BACKDATED_COMMAND', rule: 'API-REGISTERED-AT' });
    expect(await t.head()).toBe(head);
    const sameDay = await t.post(
      '/v1/contracts/L-BACKDATE/status',
      { status: 'locked', registeredAt: at('2024-06-01') },
      'PUT',
    );
    expect(sameDay.status).toBe(200);
  });
});
