/**
 * Leaving the scheme through the daily job: emigration (S09, R39), opt-out (S10, R42), death (S27, R38).
 * Every test works in its own municipality so that one test's job run cannot place another test's people.
 */
import { expectCommandOk, feedAfter, noon, type Register, startRegister, world } from './harness';
import { dailySteps, steps, type World } from './steps';

let reg: Register;
let w: World;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
});
afterAll(async () => reg?.close());

const { contractAt, patients, daily, contract, listed } = dailySteps(
  () => reg,
  () => w,
);
const { history } = steps(
  () => reg,
  () => w,
);

it('S09: emigration ends the link the 1st of the next month with EMIGRATION and withdraws the waiting-list entry (R39, R26)', async () => {
  const m = '4203';
  const la = await contract(m, 50);
  const lb = await contract(m, 0);
  const p = await listed(la, m);
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: p, registeredAt: noon('2024-03-01') }));
  expectCommandOk(
    await reg.post(`/v1/persons/${p}/emigration`, {
      emigratedOn: '2024-05-10',
      registeredAt: noon('2024-05-11'),
    }),
  );
  const pos = await daily('2024-05-11');
  expect(await history(p, pos)).toEqual([
    expect.objectContaining({
      contractId: la,
      period: { from: '2024-01-01', to: '2024-06-01' },
      endReason: 'EMIGRATION',
    }),
  ]);
  expect((await reg.get(`/v1/contracts/${lb}/waiting-list`, { 'x-min-position': pos })).body).toEqual([]);
  expect((await contractAt(lb, '2024-05-20', pos)).patientsOnWaitingList).toBe(0);
  expect(await patients(la, '2024-05-31', pos)).toEqual([p]);
  expect(await patients(la, '2024-06-01', pos)).toEqual([]);
  const june = (await reg.get(`/v1/contracts/${la}/capitation?month=2024-06`, { 'x-min-position': pos }))
    .body;
  expect(june).toMatchObject({ month: '2024-06', listSize: 0, amountNok: 0 });
});

it('S10: opting out ends the link the next 1st with OPT_OUT; never auto-assigned after; opting in makes the person ufordelt (R4, R42)', async () => {
  const m = '4202';
  const la = await contract(m, 50);
  const p = await listed(la, m);
  expectCommandOk(await reg.post(`/v1/persons/${p}/opt-out`, { registeredAt: noon('2024-03-15') }));
  await daily('2024-03-15');
  await daily('2024-04-02');
  const pos = await daily('2024-05-02');
  expect(await history(p, pos)).toEqual([
    expect.objectContaining({
      contractId: la,
      period: { from: '2024-01-01', to: '2024-04-01' },
      endReason: 'OPT_OUT',
    }),
  ]);
  const none = await reg.get(`/v1/persons/${p}/gp?at=2024-07-01`);
  expect({ status: none.status, code: none.body?.code }).toEqual({ status: 404, code: 'NO_GP' });
  expectCommandOk(await reg.post(`/v1/persons/${p}/opt-in`, { registeredAt: noon('2024-06-10') }));
  const again = await daily('2024-06-10');
  const h = await history(p, again);
  expect(h[h.length - 1]).toMatchObject({ contractId: la, period: { from: '2024-07-01', to: null } });
});

it('S27 and R38: death ends the link the day after death and withdraws the waiting-list entry', async () => {
  const m = '4627';
  const la = await contract(m, 50);
  const lb = await contract(m, 0);
  const p = await listed(la, m);
  const other = await listed(la, m);
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: p, registeredAt: noon('2024-03-01') }));
  const joined = await reg.post(`/v1/waiting-lists/${lb}`, { nin: other, registeredAt: noon('2024-03-02') });
  expectCommandOk(joined);
  const before = joined.body.position;
  expect((await contractAt(lb, '2024-03-20')).patientsOnWaitingList).toBe(2);
  const died = await reg.post(`/v1/persons/${p}/death`, {
    diedOn: '2024-04-10',
    registeredAt: noon('2024-04-11'),
  });
  expectCommandOk(died);
  const pos = await daily('2024-04-11');
  // S27: the queue count drop is published as ContractUpdated (DOMAIN §5.3, §7).
  const updates = (await feedAfter(reg, before, pos)).filter(
    (e) => e.type === 'ContractUpdated' && JSON.stringify(e.data).includes(`"${lb}"`),
  );
  expect(updates.length).toBeGreaterThan(0);
  expect(await history(p, pos)).toEqual([
    expect.objectContaining({
      contractId: la,
      period: { from: '2024-01-01', to: '2024-04-11' },
      endReason: 'DEATH',
    }),
  ]);
  expect(
    (await reg.get(`/v1/contracts/${lb}/waiting-list`, { 'x-min-position': pos })).body.map(
      (e: any) => e.nin,
    ),
  ).toEqual([other]);
  expect((await contractAt(lb, '2024-04-20', pos)).patientsOnWaitingList).toBe(1);
  expect(await patients(la, '2024-04-10', pos)).toContain(p);
  expect(await patients(la, '2024-04-11', pos)).not.toContain(p);
});

it('R42: opting out withdraws the waiting-list entry', async () => {
  const m = '4624';
  const la = await w.contract({
    municipality: m,
    maxPatients: 50,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const full = await w.contract({
    municipality: m,
    maxPatients: 0,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const p = await listed(la, m, { at: noon('2023-12-02') });
  await w.ok('POST', `/v1/waiting-lists/${full}`, { nin: p, registeredAt: noon('2024-02-01') });
  expectCommandOk(await reg.post(`/v1/persons/${p}/opt-out`, { registeredAt: noon('2024-03-15') }));
  const pos = await daily('2024-03-15');
  expect((await reg.get(`/v1/contracts/${full}/waiting-list`, { 'x-min-position': pos })).body).toEqual([]);
});
