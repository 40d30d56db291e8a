/**
 * Choosing and changing GP (R13a, R15–R19, §4.3–4.4) and waiting lists (R21, R26).
 * DOMAIN.md §8 scenarios end-to-end over HTTP; those that need the daily job are in daily-*.e2e-spec.ts.
 */
import { expectCommandOk, expectRefusal, noon, type Register, startRegister, world } from './harness';
import { steps, type World } from './steps';

let reg: Register;
let w: World;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
});
afterAll(async () => reg?.close());

const { history, gpAt, change, listed, refusedWithoutTrace } = steps(
  () => reg,
  () => w,
);

describe('choosing and changing (R15–R19, §4.3–4.4)', () => {
  it('S11: a change takes effect the 1st of the next month; the old link ends that day (half-open)', async () => {
    const la = await w.contract();
    const lb = await w.contract();
    const p = await listed(la);
    const r = await change(p, lb, noon('2024-03-15'));
    expectCommandOk(r);
    expect(await history(p, r.body.position)).toEqual([
      expect.objectContaining({ contractId: la, period: { from: '2024-01-01', to: '2024-04-01' } }),
      expect.objectContaining({ contractId: lb, period: { from: '2024-04-01', to: null } }),
    ]);
    expect((await gpAt(p, '2024-03-31')).body.contractId).toBe(la);
    expect((await gpAt(p, '2024-04-01')).body.contractId).toBe(lb);
  });

  it('S14: a third voluntary change in a calendar year is YEARLY_LIMIT_REACHED (R15), nothing written', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    expectCommandOk(await change(p, lc, noon('2024-06-10')));
    const r = await refusedWithoutTrace(p, () => change(p, la, noon('2024-09-01')));
    expectRefusal(r, 'YEARLY_LIMIT_REACHED', 'R15');
  });

  it('S15: a reported move gives one extra change that does not count (R16, R40)', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const bergen = await w.contract({
      municipality: '4601',
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const bergen2 = await w.contract({
      municipality: '4601',
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    expectCommandOk(await change(p, lc, noon('2024-06-10')));
    expectCommandOk(
      await reg.post(`/v1/persons/${p}/moves`, {
        municipality: '4601',
        movedOn: '2024-08-20',
        registeredAt: noon('2024-08-21'),
      }),
    );
    expectCommandOk(await change(p, bergen, noon('2024-09-01')));
    const again = await refusedWithoutTrace(p, () => change(p, bergen2, noon('2024-10-10')));
    expectRefusal(again, 'YEARLY_LIMIT_REACHED', 'R15');
  });

  it('S16: the counter resets on 1 January', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    expectCommandOk(await change(p, lc, noon('2024-06-10')));
    expectCommandOk(await change(p, la, noon('2025-01-02')));
  });

  it('R18: a change registered in December counts in that year, not in the year it takes effect', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    const dec = await change(p, lc, noon('2024-12-20'));
    expectCommandOk(dec);
    expect(dec.body.effectiveFrom).toBe('2025-01-01');
    expectCommandOk(await change(p, la, noon('2025-01-10')));
    expectCommandOk(await change(p, lb, noon('2025-02-10')));
    expectRefusal(await change(p, lc, noon('2025-03-10')), 'YEARLY_LIMIT_REACHED', 'R15');
  });

  it('§4.3: a later request in the same month replaces the pending one, which never shows in gp-history and does not count', async () => {
    const [la, lb, lc, ld] = [await w.contract(), await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-03-05')));
    const r = await change(p, lc, noon('2024-03-20'));
    expectCommandOk(r);
    expect(await history(p, r.body.position)).toEqual([
      expect.objectContaining({ contractId: la, period: { from: '2024-01-01', to: '2024-04-01' } }),
      expect.objectContaining({ contractId: lc, period: { from: '2024-04-01', to: null } }),
    ]);
    expect((await gpAt(p, '2024-04-15')).body.contractId).toBe(lc);
    // The replaced request did not use up a change: one more is allowed in 2024, then the limit.
    expectCommandOk(await change(p, ld, noon('2024-05-10')));
    expectRefusal(await change(p, la, noon('2024-06-10')), 'YEARLY_LIMIT_REACHED', 'R15');
  });

  it('S18: a change to a closed list, or an open list without a free place, is NO_CAPACITY (R19)', async () => {
    const la = await w.contract();
    const closed = await w.contract({ status: 'closed' });
    const full = await w.contract({ maxPatients: 1 });
    await listed(full);
    const p = await listed(la);
    const r = await refusedWithoutTrace(p, () => change(p, closed, noon('2024-03-15')));
    expectRefusal(r, 'NO_CAPACITY', /^R(6|14|19)$/);
    // "with a hint that a waiting list is available" (S18): in the message or an extra field.
    expect(JSON.stringify(r.body)).toMatch(/waiting/i);
    expectRefusal(
      await refusedWithoutTrace(p, () => change(p, full, noon('2024-03-15'))),
      'NO_CAPACITY',
      /^R(6|14|19)$/,
    );
  });

  it('§4.4: capacity counts pending arrivals and excludes pending departures', async () => {
    const la = await w.contract();
    const small = await w.contract({ maxPatients: 2 });
    const [a, b, c] = [await listed(la), await listed(la), await listed(la)];
    expectCommandOk(await change(a, small, noon('2024-03-05')));
    expectCommandOk(await change(b, small, noon('2024-03-06')));
    expectRefusal(await change(c, small, noon('2024-03-07')), 'NO_CAPACITY', /^R(6|14|19)$/);
    // a leaves `small` from 2024-05-01: a request in April (effective 2024-05-01) finds the place.
    expectCommandOk(await change(a, la, noon('2024-04-02')));
    expectCommandOk(await change(c, small, noon('2024-04-03')));
  });

  it('R13a: a child under 16 may join a full list its parent is on', async () => {
    const la = await w.contract();
    const full = await w.contract({ maxPatients: 1 });
    const parent = await listed(full, { householdId: 'hh-r13a' });
    const child = await listed(la, {
      birthDate: '2016-06-06',
      at: noon('2016-06-20'),
      householdId: 'hh-r13a',
      parents: [parent],
    });
    expectCommandOk(await change(child, full, noon('2024-03-15'), { requestedBy: parent }));
  });

  it('S05: a plain D-number (55038512357) cannot choose a list with free places: NOT_ENTITLED (R2)', async () => {
    const la = await w.contract();
    const d = '55038512357';
    await w.person({ nin: d });
    expectRefusal(await change(d, la, noon('2024-03-15')), 'NOT_ENTITLED', /^R[12]$/);
  });
});

describe('waiting lists', () => {
  it('S21: joining a second waiting list withdraws the first (R21, R26)', async () => {
    const [lb, lc] = [await w.contract({ maxPatients: 0 }), await w.contract({ maxPatients: 0 })];
    const p = await w.person();
    expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: p, registeredAt: noon('2024-02-01') }));
    const r = await reg.post(`/v1/waiting-lists/${lc}`, { nin: p, registeredAt: noon('2024-03-01') });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/contracts/${lb}/waiting-list`, min)).body).toEqual([]);
    expect((await reg.get(`/v1/contracts/${lc}/waiting-list`, min)).body.map((e: any) => e.nin)).toEqual([p]);
    expect((await reg.get(`/v1/contracts/${lb}`, min)).body.patientsOnWaitingList).toBe(0);
    expect((await reg.get(`/v1/contracts/${lc}`, min)).body.patientsOnWaitingList).toBe(1);
  });

  it('LeaveWaitingList removes the entry', async () => {
    const lb = await w.contract({ maxPatients: 0 });
    const p = await w.person();
    await w.ok('POST', `/v1/waiting-lists/${lb}`, { nin: p, registeredAt: noon('2024-02-01') });
    const r = await reg.del(
      `/v1/waiting-lists/${lb}/${p}?registeredAt=${encodeURIComponent(noon('2024-02-05'))}`,
    );
    expectCommandOk(r);
    expect(
      (await reg.get(`/v1/contracts/${lb}/waiting-list`, { 'x-min-position': r.body.position })).body,
    ).toEqual([]);
  });
});
