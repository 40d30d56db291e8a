/**
 * DOMAIN.md scenarios that run through the daily job (POST /v1/jobs/daily): placement of ufordelte and
 * waiting lists (R7, R8, R10, R22, R23), list status (R14), leaving the scheme (R38, R39, R42), 2001 (S55).
 * Every test lives in its own municipality so that one test's job run cannot place another test's people.
 */
import { expectCommandOk, expectRefusal, noon, type Register, startRegister, world } from './harness';

let reg: Register;
let w: ReturnType<typeof world>;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
});
afterAll(async () => reg?.close());

type Link = {
  contractId: string;
  period: { from: string; to: string | null };
  beginReason: string;
  endReason: string | null;
};
const history = async (n: string, position?: string): Promise<Link[]> => {
  const r = await reg.get(`/v1/persons/${n}/gp-history`, position ? { 'x-min-position': position } : {});
  expect(r.status).toBe(200);
  return r.body;
};
const contractAt = async (id: string, at: string, position?: string) =>
  (await reg.get(`/v1/contracts/${id}?at=${at}`, position ? { 'x-min-position': position } : {})).body;
const patients = async (id: string, at: string, position?: string): Promise<string[]> =>
  (
    await reg.get(`/v1/contracts/${id}/patients?at=${at}`, position ? { 'x-min-position': position } : {})
  ).body.map((x: { nin: string }) => x.nin);
const daily = async (date: string): Promise<string> => {
  const r = await reg.post('/v1/jobs/daily', { date });
  expectCommandOk(r, `daily ${date}`);
  return r.body.position;
};
/** A contract in `municipality`, valid since 2020 (all the municipalities used here exist by then). */
const contract = (municipality: string, maxPatients: number, extra: Record<string, unknown> = {}) =>
  w.contract({ municipality, maxPatients, validFrom: '2020-01-01', at: noon('2020-01-02'), ...extra });
async function listed(contractId: string, municipality: string, o: Parameters<typeof w.person>[0] = {}) {
  const n = await w.person({ municipality, ...o });
  await w.assign(n, contractId, noon('2023-12-10'));
  return n;
}

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
  expectCommandOk(await reg.post(`/v1/waiting-lists/${lb}`, { nin: w1, registeredAt: noon('2023-11-01') }));
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

it("S28: a newborn goes to the mother's list from the next 1st even when it is full (R10, R13a)", async () => {
  const m = '1804';
  const la = await contract(m, 1);
  await contract(m, 50); // a list with free places the child must NOT go to
  const mother = await listed(la, m, { sex: 'female', householdId: 'hh-s28', birthDate: '1990-04-04' });
  const child = await w.person({
    municipality: m,
    birthDate: '2024-03-10',
    at: noon('2024-03-12'),
    householdId: 'hh-s28',
    parents: [mother],
  });
  const pos = await daily('2024-03-12');
  expect(await history(child, pos)).toEqual([
    expect.objectContaining({
      contractId: la,
      period: { from: '2024-04-01', to: null },
      beginReason: 'NEWBORN',
    }),
  ]);
  expect((await contractAt(la, '2024-04-01', pos)).listSize).toBe(2);
});

it('S52 and R7: ufordelte are placed on an open list of their municipality, never on a locked one; AssignPatient needs overrideReason there (R28)', async () => {
  const m = '4204';
  const locked = await contract(m, 40, { status: 'locked' });
  const open = await contract(m, 40);
  const u = await w.person({ municipality: m, at: noon('2024-02-05') });
  expect(await contractAt(locked, '2024-02-06')).toMatchObject({ status: 'locked', placesAvailable: 0 });
  const pos = await daily('2024-02-06');
  expect(await history(u, pos)).toEqual([
    expect.objectContaining({
      contractId: open,
      period: { from: '2024-03-01', to: null },
      beginReason: 'AUTO_NEW_RESIDENT',
    }),
  ]);
  expect(await patients(locked, '2024-03-01', pos)).toEqual([]);
  expect((await contractAt(locked, '2024-03-01', pos)).status).toBe('locked');
  const v = await w.person({ municipality: m, at: noon('2024-02-05') });
  const refused = await reg.post('/v1/assignments', {
    nin: v,
    contractId: locked,
    registeredAt: noon('2024-03-10'),
  });
  expect(refused.status).toBe(409);
  expect(typeof refused.body.rule).toBe('string');
  expectCommandOk(
    await reg.post('/v1/assignments', {
      nin: v,
      contractId: locked,
      overrideReason: 'Helfo manual placement',
      registeredAt: noon('2024-03-10'),
    }),
  );
});

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
  expectCommandOk(
    await reg.post(`/v1/waiting-lists/${lb}`, { nin: other, registeredAt: noon('2024-03-02') }),
  );
  expect((await contractAt(lb, '2024-03-20')).patientsOnWaitingList).toBe(2);
  expectCommandOk(
    await reg.post(`/v1/persons/${p}/death`, { diedOn: '2024-04-10', registeredAt: noon('2024-04-11') }),
  );
  const pos = await daily('2024-04-11');
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
  const m = '3201';
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

it('S55: the initial distribution places those who never answered (INITIAL_2001); changes before 1 June 2001 do not count', async () => {
  const m = '0301';
  const li = await w.contract({
    municipality: m,
    maxPatients: 100,
    validFrom: '2001-06-01',
    at: noon('2001-01-02'),
  });
  const lj = await w.contract({
    municipality: m,
    maxPatients: 100,
    validFrom: '2001-06-01',
    at: noon('2001-01-02'),
  });
  const r = await w.person({ municipality: m, at: noon('2001-01-02') });
  const s = await w.person({ municipality: m, at: noon('2001-01-02') });
  expectCommandOk(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: li, registeredAt: noon('2001-02-10') }),
  );
  expectCommandOk(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: lj, registeredAt: noon('2001-03-10') }),
  );
  expectCommandOk(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: li, registeredAt: noon('2001-04-10') }),
  );
  const pos = await daily('2001-05-31');
  expect(await history(r, pos)).toEqual([
    expect.objectContaining({ period: { from: '2001-06-01', to: null }, beginReason: 'INITIAL_2001' }),
  ]);
  expect((await history(s, pos)).map((x) => x.contractId)).toEqual([li]);
  expectCommandOk(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: lj, registeredAt: noon('2001-07-10') }),
  );
  expectCommandOk(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: li, registeredAt: noon('2001-08-10') }),
  );
  expectRefusal(
    await reg.post(`/v1/persons/${s}/gp-changes`, { contractId: lj, registeredAt: noon('2001-09-10') }),
    'YEARLY_LIMIT_REACHED',
    'R15',
  );
});

it('D-number holders are never auto-assigned, even when entitled (§1.2: Helfo assigns them by hand)', async () => {
  const m = '4601';
  await contract(m, 50);
  const { nin } = await import('./harness');
  const d = nin('1988-08-08', 'DNR');
  await w.person({ nin: d, municipality: m, entitlement: 'asylum-seeker', at: noon('2024-02-01') });
  const pos = await daily('2024-02-02');
  const r = await reg.get(`/v1/persons/${d}/gp?at=2024-03-01`, { 'x-min-position': pos });
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 404, code: 'NO_GP' });
});

it('R25: a waiting-list promotion counts as a change; someone with none left is skipped and keeps the entry', async () => {
  const m = '5501';
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

it('R42: opting out withdraws the waiting-list entry', async () => {
  const m = '3205';
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

it('R8/R7: the longest-waiting ufordelte are placed first; the rest wait for the next run', async () => {
  const m = '3301';
  const l = await w.contract({
    municipality: m,
    maxPatients: 10,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const queue: string[] = [];
  for (let i = 0; i < 11; i++)
    queue.push(await w.person({ municipality: m, at: noon(`2024-01-${String(10 + i)}`) }));
  const pos = await daily('2024-02-01');
  expect((await patients(l, '2024-03-01', pos)).sort()).toEqual(queue.slice(0, 10).sort());
  const last = await reg.get(`/v1/persons/${queue[10]}/gp?at=2024-03-01`);
  expect({ status: last.status, code: last.body?.code }).toEqual({ status: 404, code: 'NO_GP' });
  await w.ok('PUT', `/v1/contracts/${l}/ceiling`, { maxPatients: 20, registeredAt: noon('2024-02-02') });
  const next = await daily('2024-02-02');
  expect(await history(queue[10], next)).toEqual([
    expect.objectContaining({
      contractId: l,
      period: { from: '2024-03-01', to: null },
      beginReason: 'AUTO_NEW_RESIDENT',
    }),
  ]);
});
