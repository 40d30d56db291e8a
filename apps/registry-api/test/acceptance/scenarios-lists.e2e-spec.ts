/**
 * List ceiling, reductions and cancellation (R29–R31, R34b).
 * DOMAIN.md §8 scenarios end-to-end over HTTP; those that need the daily job are in daily-*.e2e-spec.ts.
 */
import {
  expectCommandOk,
  expectRefusal,
  feedAfter,
  noon,
  type Register,
  startRegister,
  world,
} from './harness';
import { steps, type World } from './steps';

let reg: Register;
let w: World;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
});
afterAll(async () => reg?.close());

const { history, change, listed } = steps(
  () => reg,
  () => w,
);

describe('ceiling, reductions, cancellation', () => {
  it('S31: a random reduction moves whole households to the new list from the 1st (R30, R31)', async () => {
    const la = await w.contract({ maxPatients: 100 });
    const ln = await w.contract({ maxPatients: 100 });
    const a1 = await listed(la, { householdId: 'hh-h1' });
    const a2 = await listed(la, { householdId: 'hh-h1' });
    const c1 = await listed(la, {
      birthDate: '2018-01-10',
      at: noon('2018-01-20'),
      householdId: 'hh-h1',
      parents: [a1, a2],
    });
    const c2 = await listed(la, {
      birthDate: '2014-01-10',
      at: noon('2014-01-20'),
      householdId: 'hh-h1',
      parents: [a1, a2],
    });
    const h1 = [a1, a2, c1, c2];
    const b1 = await listed(la, { householdId: 'hh-h2' });
    await listed(la, {
      birthDate: '2007-03-03',
      at: noon('2007-03-20'),
      householdId: 'hh-h2',
      parents: [b1],
    });
    for (let i = 0; i < 14; i++) await listed(la, { householdId: `hh-single-${i}` });
    const before = (await reg.get(`/v1/contracts/${la}/patients?at=2024-10-01`)).body.map((x: any) => x.nin);
    expect(before).toHaveLength(20);
    const r = await reg.post(`/v1/contracts/${la}/reductions`, {
      count: 6,
      toContractId: ln,
      effectiveFrom: '2024-11-01',
      seed: 'acc-s31',
      registeredAt: noon('2024-09-15'),
    });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    const moved = (await reg.get(`/v1/contracts/${ln}/patients?at=2024-11-01`, min)).body as any[];
    const stayed = (await reg.get(`/v1/contracts/${la}/patients?at=2024-11-01`, min)).body as any[];
    expect(moved.length).toBeGreaterThanOrEqual(6);
    expect(moved.length).toBeLessThanOrEqual(9); // overshoot by at most the last household (4) minus one
    expect(moved.length + stayed.length).toBe(20);
    const movedNins = moved.map((x) => x.nin);
    const h1Moved = h1.filter((n) => movedNins.includes(n)).length;
    expect([0, 4]).toContain(h1Moved);
    for (const x of moved) expect(x.period).toEqual({ from: '2024-11-01', to: null });
    // Still on L-A the day before.
    expect((await reg.get(`/v1/contracts/${la}/patients?at=2024-10-31`, min)).body).toHaveLength(20);
    const h = await history(movedNins[0], r.body.position);
    expect(h[h.length - 1]).toMatchObject({
      contractId: ln,
      beginReason: 'REDUCTION_MOVE',
      period: { from: '2024-11-01' },
    });
    expect(h[h.length - 2]).toMatchObject({ contractId: la, period: { to: '2024-11-01' } });
  });

  it('S31: the seed is stored: the answer names the seed the draw used, also when the register chose it', async () => {
    const la = await w.contract({ maxPatients: 100 });
    const ln = await w.contract({ maxPatients: 100 });
    for (let i = 0; i < 6; i++) await listed(la, { householdId: `hh-seed-${i}` });
    const order = {
      count: 2,
      toContractId: ln,
      effectiveFrom: '2024-11-01',
      registeredAt: noon('2024-09-15'),
      commandId: `seed-${la}`,
    };
    const r = await reg.post(`/v1/contracts/${la}/reductions`, order);
    expectCommandOk(r);
    expect(typeof r.body.seed).toBe('string');
    expect(r.body.seed.length).toBeGreaterThan(0);
    // The same order again (same commandId) answers the first outcome, the same seed.
    const again = await reg.post(`/v1/contracts/${la}/reductions`, order);
    expect(again.body).toEqual(r.body);
    const given = await reg.post(`/v1/contracts/${la}/reductions`, {
      ...order,
      commandId: undefined,
      count: 1,
      seed: 'acc-given-seed',
      effectiveFrom: '2024-12-01',
      registeredAt: noon('2024-10-15'),
    });
    expectCommandOk(given);
    expect(given.body.seed).toBe('acc-given-seed');
  });

  it('S34: lowering the ceiling moves nobody and leaves no place available (R29)', async () => {
    const la = await w.contract({ maxPatients: 5 });
    for (let i = 0; i < 5; i++) await listed(la);
    const r = await reg.put(`/v1/contracts/${la}/ceiling`, {
      maxPatients: 3,
      registeredAt: noon('2024-05-10'),
    });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/contracts/${la}/patients?at=2024-07-01`, min)).body).toHaveLength(5);
    expect((await reg.get(`/v1/contracts/${la}?at=2024-07-01`, min)).body).toMatchObject({
      maxPatients: 3,
      listSize: 5,
      placesAvailable: 0,
    });
  });

  it('S38: cancelling a contract moves every patient to the other list from the date (R34b)', async () => {
    const la = await w.contract();
    const lv = await w.contract();
    const lx = await w.contract();
    const lz = await w.contract();
    const ps = [await listed(la), await listed(la), await listed(la)];
    const before = await reg.head();
    const r = await reg.post(`/v1/contracts/${la}/cancel`, {
      effectiveFrom: '2024-10-01',
      moveToContractId: lv,
      registeredAt: noon('2024-08-15'),
    });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    const onV = (await reg.get(`/v1/contracts/${lv}/patients?at=2024-10-01`, min)).body.map(
      (x: any) => x.nin,
    );
    expect(onV.sort()).toEqual([...ps].sort());
    for (const p of ps) {
      const h = await history(p, r.body.position);
      expect(h).toEqual([
        expect.objectContaining({ contractId: la, period: { from: '2024-01-01', to: '2024-10-01' } }),
        expect.objectContaining({
          contractId: lv,
          period: { from: '2024-10-01', to: null },
          beginReason: 'CONTRACT_END_MOVE',
        }),
      ]);
    }
    const c = (await reg.get(`/v1/contracts/${la}?at=2024-09-01`, min)).body;
    expect(c.valid).toEqual({ from: '2001-06-01', to: '2024-10-01' });
    // Events: ContractCanceled and n × PatientOnContractCreated (S38, DOMAIN §5.3).
    const feed = await feedAfter(reg, before, min['x-min-position']);
    expect(feed.filter((e) => e.type === 'ContractCanceled')).toHaveLength(1);
    const created = feed.filter(
      (e) => e.type === 'PatientOnContractCreated' && JSON.stringify(e.data).includes(`"${lv}"`),
    );
    expect(created).toHaveLength(3);
    // Nobody's yearly counter changed: two voluntary changes are still possible in 2024.
    expectCommandOk(await change(ps[0], lx, noon('2024-10-10')));
    expectCommandOk(await change(ps[0], lz, noon('2024-11-10')));
    // The cancelled list takes nobody after its end.
    expectRefusal(await change(ps[1], la, noon('2024-10-10')), 'CONTRACT_NOT_ACTIVE');
  });
});

describe('S31 household clusters, deterministically (R12, R30, R31)', () => {
  it('a 17-year-old is drawn on their own: reducing [parent, 17-year-old] by 1 moves exactly one', async () => {
    const la = await w.contract();
    const ln = await w.contract();
    const parent = await listed(la, { householdId: 'hh-s31-teen' });
    await listed(la, {
      birthDate: '2007-03-03',
      at: noon('2007-03-20'),
      householdId: 'hh-s31-teen',
      parents: [parent],
    });
    const r = await reg.post(`/v1/contracts/${la}/reductions`, {
      count: 1,
      toContractId: ln,
      effectiveFrom: '2024-11-01',
      seed: 'acc-teen',
      registeredAt: noon('2024-09-15'),
    });
    expectCommandOk(r);
    const moved = (
      await reg.get(`/v1/contracts/${ln}/patients?at=2024-11-01`, { 'x-min-position': r.body.position })
    ).body;
    expect(moved).toHaveLength(1);
  });

  it('a 10-year-old is never split from the parent: reducing [parent, child] by 1 moves both or neither', async () => {
    const la = await w.contract();
    const ln = await w.contract();
    const parent = await listed(la, { householdId: 'hh-s31-child' });
    await listed(la, {
      birthDate: '2014-03-03',
      at: noon('2014-03-20'),
      householdId: 'hh-s31-child',
      parents: [parent],
    });
    const r = await reg.post(`/v1/contracts/${la}/reductions`, {
      count: 1,
      toContractId: ln,
      effectiveFrom: '2024-11-01',
      seed: 'acc-child',
      registeredAt: noon('2024-09-15'),
    });
    expectCommandOk(r);
    const moved = (
      await reg.get(`/v1/contracts/${ln}/patients?at=2024-11-01`, { 'x-min-position': r.body.position })
    ).body;
    expect([0, 2]).toContain(moved.length);
  });
});
