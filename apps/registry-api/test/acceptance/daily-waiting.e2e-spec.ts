/**
 * Waiting lists and list status through the daily job: S22, S23 (R8, R22, R23), R25, R14, S34.
 * Every test works in its own municipality so that one test's job run cannot place another test's people.
 */
import { expectCommandOk, expectRefusal, noon, type Register, startRegister, world } from './harness';
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

it('S22: when a full list gets ≥ 10 free places its waiting list is placed in queue order from the next 1st (R22, R23)', async () => {
  const m = '1103';
  const lb = await contract(m, 12);
  const lo = await contract(m, 50);
  for (let i = 0; i < 12; i++) await listed(lb, m);
  const q1 = await listed(lo, m);
  const q2 = await listed(lo, m);
  await daily('2023-12-31');
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: q1, registeredAt: noon('2024-01-05') }));
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: q2, registeredAt: noon('2024-02-01') }));
  await w.ok('PUT', `/v1/contracts/${lb}/ceiling`, {
    maxPatients: 24,
    registeredAt: '2024-05-01T08:00:00+02:00',
  });
  const pos = await daily('2024-05-01');
  for (const q of [q1, q2]) {
    const h = await history(q, pos);
    expect(h[h.length - 1]).toMatchObject({
      contractId: lb,
      period: { from: '2024-06-01', to: null },
      beginReason: 'WAITLIST',
    });
    expect(h[h.length - 2]).toMatchObject({ contractId: lo, period: { to: '2024-06-01' } });
  }
  expect((await reg.get(`/v1/contracts/${lb}/waiting-list`, { 'x-min-position': pos })).body).toEqual([]);
  const feed = (await reg.get('/v1/events', { 'x-min-position': pos })).text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.type === 'PatientOnContractCreated' && JSON.stringify(e.data).includes('2024-06-01'));
  const order = feed
    .map((e) => JSON.stringify(e.data))
    .map((d) => (d.includes(q1) ? 1 : d.includes(q2) ? 2 : 0));
  expect(order.filter(Boolean)).toEqual([1, 2]);
});

it('S23: ufordelte get freed places before the waiting list (R8)', async () => {
  const m = '1106';
  const lb = await contract(m, 10, { status: 'closed', at: noon('2023-10-02') });
  const lw = await contract(m, 1);
  const w1 = await listed(lw, m);
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: w1, registeredAt: noon('2023-12-11') }));
  const us: string[] = [];
  for (let i = 0; i < 10; i++) us.push(await w.person({ municipality: m, at: noon('2024-03-02') }));
  const pos = await daily('2024-03-05');
  expect((await patients(lb, '2024-04-01', pos)).sort()).toEqual([...us].sort());
  expect(await history(w1)).toEqual([
    expect.objectContaining({ contractId: lw, period: { from: '2024-01-01', to: null } }),
  ]);
  expect((await reg.get(`/v1/contracts/${lb}/waiting-list`)).body.map((e: { nin: string }) => e.nin)).toEqual(
    [w1],
  );
  const h = await history(us[0]);
  expect(h).toEqual([
    expect.objectContaining({
      contractId: lb,
      period: { from: '2024-04-01', to: null },
      beginReason: 'AUTO_NEW_RESIDENT',
    }),
  ]);
});

it('R25: a waiting-list promotion counts as a change; someone with none left is skipped and keeps the entry', async () => {
  const m = '1577';
  const l = await w.contract({
    municipality: m,
    maxPatients: 10,
    status: 'closed',
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const o1 = await w.contract({
    municipality: m,
    maxPatients: 50,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const o2 = await w.contract({
    municipality: m,
    maxPatients: 50,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const q1 = await listed(o1, m, { at: noon('2023-12-02') });
  const q2 = await listed(o1, m, { at: noon('2023-12-02') });
  expectCommandOk(
    await reg.post(`/v1/persons/${q1}/gp-changes`, { contractId: o2, registeredAt: noon('2024-02-10') }),
  );
  expectCommandOk(
    await reg.post(`/v1/persons/${q1}/gp-changes`, { contractId: o1, registeredAt: noon('2024-03-10') }),
  );
  expectCommandOk(await reg.post(`/v1/waiting-lists/${l}`, { nin: q1, registeredAt: noon('2024-03-20') }));
  expectCommandOk(await reg.post(`/v1/waiting-lists/${l}`, { nin: q2, registeredAt: noon('2024-03-21') }));
  const pos = await daily('2024-04-02');
  expect(await patients(l, '2024-05-01', pos)).toEqual([q2]);
  expect(
    (await reg.get(`/v1/contracts/${l}/waiting-list`, { 'x-min-position': pos })).body.map((e: any) => e.nin),
  ).toEqual([q1]);
});

it('R14: a closed list opens again only with ≥ 10 free places; the job closes a full list', async () => {
  const m = '3403';
  const l = await contract(m, 12);
  const elsewhere = await contract(m, 50);
  const members: string[] = [];
  for (let i = 0; i < 12; i++) members.push(await listed(l, m));
  const p = await listed(elsewhere, m);
  let pos = await daily('2024-01-15');
  expect(await contractAt(l, '2024-01-15', pos)).toMatchObject({ status: 'closed', placesAvailable: 0 });
  for (const n of members.slice(0, 3)) await w.change(n, elsewhere, noon('2024-02-05'));
  pos = await daily('2024-03-02');
  expect(await contractAt(l, '2024-03-02', pos)).toMatchObject({
    status: 'closed',
    placesAvailable: 0,
    listSize: 9,
  });
  expectRefusal(
    await reg.post(`/v1/persons/${p}/gp-changes`, { contractId: l, registeredAt: noon('2024-03-05') }),
    'NO_CAPACITY',
  );
  await w.ok('PUT', `/v1/contracts/${l}/ceiling`, { maxPatients: 22, registeredAt: noon('2024-03-10') });
  pos = await daily('2024-03-10');
  expect(await contractAt(l, '2024-03-10', pos)).toMatchObject({ status: 'open', placesAvailable: 13 });
  expectCommandOk(
    await reg.post(`/v1/persons/${p}/gp-changes`, { contractId: l, registeredAt: noon('2024-03-11') }),
  );
});

it('S34: after a lowered ceiling the job reports the list closed', async () => {
  const m = '4626';
  const l = await contract(m, 5, { validFrom: '2024-01-01', at: noon('2023-12-01') });
  for (let i = 0; i < 5; i++) await listed(l, m, { at: noon('2023-12-02') });
  await w.ok('PUT', `/v1/contracts/${l}/ceiling`, { maxPatients: 3, registeredAt: noon('2024-05-10') });
  const pos = await daily('2024-05-10');
  expect(await contractAt(l, '2024-05-11', pos)).toMatchObject({
    status: 'closed',
    placesAvailable: 0,
    listSize: 5,
  });
  expect(await patients(l, '2024-07-01', pos)).toHaveLength(5);
});
