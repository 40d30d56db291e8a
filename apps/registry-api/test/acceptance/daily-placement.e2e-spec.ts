/**
 * Placement by the daily job: ufordelte (R7, R8), newborns and children (R9–R11, R13a), locked lists (S52), 2001 (S55), the job's own semantics.
 * Every test works in its own municipality so that one test's job run cannot place another test's people.
 */
import { expectCommandOk, expectRefusal, nin, noon, type Register, startRegister, world } from './harness';
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

it('S55: the job run for the start date 2001-06-01 itself is the initial distribution: INITIAL_2001 from 2001-06-01', async () => {
  // "the initial distribution runs for start date 2001-06-01": a run for that very date (API.md: the job
  // runs for a business date) places those who never answered from the scheme's start, not a month later.
  const m = '1820';
  const l = await w.contract({
    municipality: m,
    maxPatients: 10,
    validFrom: '2001-06-01',
    at: noon('2001-01-02'),
  });
  const r = await w.person({ municipality: m, at: noon('2001-01-02') });
  const mother = await w.person({
    municipality: m,
    sex: 'female',
    householdId: 'hh-s55',
    at: noon('2001-01-02'),
  });
  const child = await w.person({
    municipality: m,
    birthDate: '1995-05-05',
    householdId: 'hh-s55',
    parents: [mother],
    at: noon('2001-01-02'),
  });
  const pos = await daily('2001-06-01');
  for (const n of [r, mother, child])
    expect(await history(n, pos)).toEqual([
      expect.objectContaining({
        contractId: l,
        period: { from: '2001-06-01', to: null },
        beginReason: 'INITIAL_2001',
      }),
    ]);
  expect((await contractAt(l, '2001-06-01', pos)).listSize).toBe(3);
  // The next day is an ordinary run again: a resident registered after the start waits for the next 1st.
  const late = await w.person({ municipality: m, at: noon('2001-06-02') });
  const next = await daily('2001-06-02');
  expect(await history(late, next)).toEqual([
    expect.objectContaining({
      contractId: l,
      period: { from: '2001-07-01', to: null },
      beginReason: 'AUTO_NEW_RESIDENT',
    }),
  ]);
});

it('D-number holders are never auto-assigned, even when entitled (§1.2: Helfo assigns them by hand)', async () => {
  const m = '4601';
  await contract(m, 50);
  const d = nin('1988-08-08', 'DNR');
  await w.person({ nin: d, municipality: m, entitlement: 'asylum-seeker', at: noon('2024-02-01') });
  const pos = await daily('2024-02-02');
  const r = await reg.get(`/v1/persons/${d}/gp?at=2024-03-01`, { 'x-min-position': pos });
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 404, code: 'NO_GP' });
});

it('R8/R7: the longest-waiting ufordelte are placed first; the rest wait for the next run', async () => {
  const m = '4205';
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

it('API.md: the job acts as of its date (facts registered up to that day) and a rerun for an earlier date undoes nothing', async () => {
  const m = '4207';
  const l = await w.contract({
    municipality: m,
    maxPatients: 30,
    validFrom: '2024-01-01',
    at: noon('2023-12-01'),
  });
  const u = await w.person({ municipality: m, at: noon('2024-05-10') });
  const early = await daily('2024-05-05');
  const none = await reg.get(`/v1/persons/${u}/gp?at=2024-06-01`, { 'x-min-position': early });
  expect({ status: none.status, code: none.body?.code }).toEqual({ status: 404, code: 'NO_GP' });
  const onDay = await daily('2024-05-10');
  const placed = await history(u, onDay);
  expect(placed).toEqual([
    expect.objectContaining({ contractId: l, period: { from: '2024-06-01', to: null } }),
  ]);
  const rerun = await daily('2024-05-05');
  expect(await history(u, rerun)).toEqual(placed);
});

it('R9, R11, R13a: a child under 16 is placed with the parent it lives with, even on a full list', async () => {
  const m = '4206';
  const opts = { municipality: m, validFrom: '2024-01-01', at: noon('2023-12-01') };
  const full = await w.contract({ ...opts, maxPatients: 1 });
  await w.contract({ ...opts, maxPatients: 50 }); // free places the children must NOT go to
  const lFather = await w.contract({ ...opts, maxPatients: 5 });
  const lMother = await w.contract({ ...opts, maxPatients: 5 });
  const parent = await listed(full, m, { householdId: 'hh-r11-a', at: noon('2023-12-02') });
  const child = await w.person({
    municipality: m,
    birthDate: '2016-05-05',
    at: noon('2024-03-01'),
    householdId: 'hh-r11-a',
    parents: [parent],
  });
  const mother = await listed(lMother, m, { householdId: 'hh-r11-m', sex: 'female', at: noon('2023-12-02') });
  const father = await listed(lFather, m, { householdId: 'hh-r11-f', sex: 'male', at: noon('2023-12-02') });
  const kid = await w.person({
    municipality: m,
    birthDate: '2017-05-05',
    at: noon('2024-03-01'),
    householdId: 'hh-r11-f',
    parents: [mother, father],
  });
  const pos = await daily('2024-03-02');
  expect(await history(child, pos)).toEqual([
    expect.objectContaining({
      contractId: full,
      period: { from: '2024-04-01', to: null },
      beginReason: 'CHILD_WITH_PARENT',
    }),
  ]);
  expect(await history(kid, pos)).toEqual([
    expect.objectContaining({ contractId: lFather, period: { from: '2024-04-01', to: null } }),
  ]);
});
