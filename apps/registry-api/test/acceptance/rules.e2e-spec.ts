/**
 * Further rules of DOMAIN.md §3 and API.md semantics over HTTP: idempotency details, municipality
 * renumbering (§1.8), the return-within-3-years exception (R13b), R12, R24's gate, leaving the scheme.
 */
import {
  expectCommandOk,
  expectRefusal,
  feedAfter,
  nin,
  noon,
  orgNo,
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

const history = async (n: string, position?: string) =>
  (await reg.get(`/v1/persons/${n}/gp-history`, position ? { 'x-min-position': position } : {})).body;
const change = (n: string, contractId: string, registeredAt: string, extra: Record<string, unknown> = {}) =>
  reg.post(`/v1/persons/${n}/gp-changes`, { contractId, registeredAt, ...extra });
async function listed(contractId: string, o: Parameters<typeof w.person>[0] = {}) {
  const n = await w.person(o);
  await w.assign(n, contractId, noon('2023-12-10'));
  return n;
}

/** API.md's idempotency convention refuses the reuse; no register rule (R-number) is involved. */
function expectKeyReused(r: { status: number; body: any }): void {
  expect({ status: r.status, code: r.body?.code, rule: r.body?.rule }).toEqual({
    status: 409,
    code: 'IDEMPOTENCY_KEY_REUSED',
    rule: 'API-IDEMPOTENCY',
  });
  expect(r.body.message).toMatch(/already used for a different command/);
}

describe('idempotency (API.md: the same id again returns the first outcome and writes nothing)', () => {
  it('a repeated commandId with the same command and body answers the first outcome and writes nothing', async () => {
    const [la, lb] = [await w.contract(), await w.contract()];
    const p = await listed(la);
    const first = await change(p, lb, noon('2024-03-15'), { commandId: 'acc-rules-idem-0' });
    expectCommandOk(first);
    const head = await reg.head();
    const again = await change(p, lb, noon('2024-03-15'), { commandId: 'acc-rules-idem-0' });
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    expect(await reg.head()).toBe(head);
  });

  it('a repeated commandId with a different body is refused with IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    const first = await change(p, lb, noon('2024-03-15'), { commandId: 'acc-rules-idem-1' });
    expectCommandOk(first);
    const head = await reg.head();
    const otherList = await change(p, lc, noon('2024-03-15'), { commandId: 'acc-rules-idem-1' });
    expectKeyReused(otherList);
    const otherTime = await change(p, lb, noon('2024-03-16'), { commandId: 'acc-rules-idem-1' });
    expectKeyReused(otherTime);
    const otherCommand = await reg.post(`/v1/persons/${p}/opt-out`, {
      registeredAt: noon('2024-03-15'),
      commandId: 'acc-rules-idem-1',
    });
    expectKeyReused(otherCommand);
    expect(await reg.head()).toBe(head);
    expect((await history(p)).map((x: any) => x.contractId)).toEqual([la, lb]);
  });

  it('commandId and registeredAt sent as null (what the OpenAPI examples show) count as left out', async () => {
    const [la, lb] = [await w.contract(), await w.contract()];
    const p = await listed(la);
    const r = await reg.post(`/v1/persons/${p}/gp-changes`, {
      contractId: lb,
      commandId: null,
      registeredAt: null,
    });
    expectCommandOk(r);
    const again = await reg.post(`/v1/persons/${p}/gp-changes`, {
      contractId: la,
      commandId: null,
      registeredAt: null,
    });
    expect(again.body?.code).not.toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a refused commandId reused for a different body is IDEMPOTENCY_KEY_REUSED, not the old refusal', async () => {
    const closed = await w.contract({ status: 'closed' });
    const open = await w.contract();
    const p = await w.person();
    expectRefusal(
      await change(p, closed, noon('2024-03-15'), { commandId: 'acc-rules-idem-3' }),
      'NO_CAPACITY',
    );
    const head = await reg.head();
    expectKeyReused(await change(p, open, noon('2024-03-15'), { commandId: 'acc-rules-idem-3' }));
    expect(await reg.head()).toBe(head);
  });

  it('a refused command repeated with its commandId answers the same refusal', async () => {
    const closed = await w.contract({ status: 'closed' });
    const p = await w.person();
    const first = await change(p, closed, noon('2024-03-15'), { commandId: 'acc-rules-idem-2' });
    expectRefusal(first, 'NO_CAPACITY');
    const again = await change(p, closed, noon('2024-03-15'), { commandId: 'acc-rules-idem-2' });
    expect({ status: again.status, code: again.body?.code }).toEqual({ status: 409, code: 'NO_CAPACITY' });
  });

  it('the daily job run twice for the same date places nobody twice', async () => {
    const l = await w.contract({
      municipality: '5001',
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
      maxPatients: 30,
    });
    const u = await w.person({ municipality: '5001', at: noon('2024-02-01') });
    const first = await w.daily('2024-02-02');
    const h1 = await history(u, first.position);
    expect(h1).toEqual([
      expect.objectContaining({ contractId: l, period: { from: '2024-03-01', to: null } }),
    ]);
    const second = await w.daily('2024-02-02');
    expect(await history(u, second.position)).toEqual(h1);
    const c = (await reg.get(`/v1/contracts/${l}?at=2024-03-01`, { 'x-min-position': second.position })).body;
    expect(c.listSize).toBe(1);
  });
});

describe('backdating (API.md: registeredAt may not precede facts already recorded on a touched stream)', () => {
  it('a ChangeGP registered before the last fact on the person is 409 BACKDATED_COMMAND and writes nothing', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-03-15')));
    const head = await reg.head();
    const backdated = await change(p, lc, noon('2024-02-01'));
    expect({ status: backdated.status, code: backdated.body?.code, rule: backdated.body?.rule }).toEqual({
      status: 409,
      code: 'BACKDATED_COMMAND',
      rule: 'API-REGISTERED-AT',
    });
    expect(backdated.body.message).toMatch(/precedes/);
    expect(await reg.head()).toBe(head);
    expect((await history(p)).map((x: any) => x.contractId)).toEqual([la, lb]);
  });

  it('a death registered before the last fact on the person is refused; registered after it, accepted', async () => {
    const la = await w.contract();
    const p = await listed(la);
    expectCommandOk(await change(p, await w.contract(), noon('2024-03-15')));
    const early = await reg.post(`/v1/persons/${p}/death`, {
      diedOn: '2024-01-05',
      registeredAt: noon('2024-01-06'),
    });
    expect({ status: early.status, code: early.body?.code }).toEqual({
      status: 409,
      code: 'BACKDATED_COMMAND',
    });
    const late = await reg.post(`/v1/persons/${p}/death`, {
      diedOn: '2024-03-20',
      registeredAt: noon('2024-03-21'),
    });
    expectCommandOk(late);
  });

  it('a doctor period registered before a later fact on the list is 409 and writes nothing; at or after it, accepted', async () => {
    const l = await w.contract();
    const g = await w.gp();
    expectCommandOk(
      await reg.put(`/v1/contracts/${l}/ceiling`, { maxPatients: 150, registeredAt: noon('2024-06-01') }),
    );
    const head = await reg.head();
    const period = { hpr: g, relationship: 'LPFL', from: '2024-05-01' };
    const early = await reg.post(`/v1/contracts/${l}/doctors`, {
      ...period,
      registeredAt: noon('2024-05-15'),
    });
    expect({ status: early.status, code: early.body?.code, rule: early.body?.rule }).toEqual({
      status: 409,
      code: 'BACKDATED_COMMAND',
      rule: 'API-REGISTERED-AT',
    });
    expect(early.body.recordedAt).toBe('2024-06-01T11:00:00.000Z');
    expect(await reg.head()).toBe(head);
    // The period may still begin in the past: only its registration may not.
    expectCommandOk(
      await reg.post(`/v1/contracts/${l}/doctors`, { ...period, registeredAt: noon('2024-06-01') }),
    );
  });

  it('a cancellation registered before a later change of one of its patients is 409 and moves nobody', async () => {
    const [la, lb, lc] = [await w.contract(), await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-06-01')));
    const head = await reg.head();
    const cancel = { effectiveFrom: '2024-06-01', moveToContractId: lc };
    const backdated = await reg.post(`/v1/contracts/${la}/cancel`, {
      ...cancel,
      registeredAt: noon('2024-05-01'),
    });
    expect({ status: backdated.status, code: backdated.body?.code }).toEqual({
      status: 409,
      code: 'BACKDATED_COMMAND',
    });
    expect(await reg.head()).toBe(head);
    expect((await history(p)).map((x: any) => x.contractId)).toEqual([la, lb]);
  });

  it('a list created now takes imported history on its patients (their streams), not on itself', async () => {
    // Created without registeredAt (now); a person's history imported afterwards with past registeredAt
    // touches only that person's stream, so it is not backdating on the list.
    const created = await reg.post('/v1/contracts', {
      municipality: '0301',
      officeOrgNo: orgNo(),
      maxPatients: 100,
      validFrom: '2001-06-01',
    });
    expectCommandOk(created);
    const l = created.body.contractId as string;
    const n = await w.person({ at: noon('2019-05-02') });
    expect((await w.assign(n, l, noon('2019-05-03'))).events[0].type).toBe('PatientListed');
    // A doctor period for that list sent with a registeredAt before the list was recorded is refused…
    const g = await w.gp();
    const old = await reg.post(`/v1/contracts/${l}/doctors`, {
      hpr: g,
      relationship: 'LPFL',
      from: '2019-01-01',
      registeredAt: noon('2019-05-03'),
    });
    expect(old.body?.code).toBe('BACKDATED_COMMAND');
    // …and the same period without registeredAt (now) is accepted, beginning in the past.
    expectCommandOk(
      await reg.post(`/v1/contracts/${l}/doctors`, { hpr: g, relationship: 'LPFL', from: '2019-01-01' }),
    );
  });

  it('the same instant as the last fact is not backdating', async () => {
    const [la, lb] = [await w.contract(), await w.contract()];
    const p = await listed(la);
    const at = noon('2024-04-02');
    expectCommandOk(await change(p, lb, at));
    const again = await reg.post(`/v1/persons/${p}/opt-out`, { registeredAt: at });
    expect(again.body?.code).not.toBe('BACKDATED_COMMAND');
  });
});

describe('municipality renumbering is a code change, never a move (§1.8)', () => {
  it('remaps the contract code from the effective date and gives nobody a move-change', async () => {
    const m = '1106';
    const la = await w.contract({ municipality: m, maxPatients: 50 });
    const lb = await w.contract({ municipality: m, maxPatients: 50 });
    const lc = await w.contract({ municipality: m, maxPatients: 50 });
    const p = await listed(la, { municipality: m });
    const r = await reg.post(`/v1/municipalities/${m}/renumbering`, {
      newNumber: '1199',
      effectiveFrom: '2025-01-01',
      overrideReason: 'no reform in the code history: this test renumbers on its own authority',
      registeredAt: noon('2024-12-01'),
    });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/contracts/${la}?at=2024-12-31`, min)).body.municipality).toBe(m);
    expect((await reg.get(`/v1/contracts/${la}?at=2025-01-01`, min)).body.municipality).toBe('1199');
    // The person's residence follows the code too, as the person search does.
    expect((await reg.get(`/v1/persons/${p}?at=2024-12-31`, min)).body.municipality).toBe(m);
    const person = (await reg.get(`/v1/persons/${p}?at=2025-01-01`, min)).body;
    expect(person.municipality).toBe('1199');
    expect(person.municipalityHistory).toEqual([
      { municipality: m, period: { from: expect.any(String), to: '2025-01-01' } },
      { municipality: '1199', period: { from: '2025-01-01', to: null } },
    ]);
    expect(
      (await reg.get('/v1/persons?municipality=1199&limit=10000', min)).body.map(
        (x: { nin: string }) => x.nin,
      ),
    ).toContain(p);
    expect(await history(p, r.body.position)).toEqual([
      expect.objectContaining({ contractId: la, period: { from: '2024-01-01', to: null } }),
    ]);
    expectCommandOk(await change(p, lb, noon('2025-01-10')));
    expectCommandOk(await change(p, lc, noon('2025-02-10')));
    expectRefusal(await change(p, la, noon('2025-03-10')), 'YEARLY_LIMIT_REACHED', 'R15');
  });
});

describe('the national code history without a renumbering command (§1.8, shared/data)', () => {
  it('a chain recorded only in part is followed through the unrecorded steps: 1214 Ølen, 1159 (2002), 1160 (2006) from the data, then 1198 recorded in the log', async () => {
    const la = await w.contract({ municipality: '1214', validFrom: '2001-06-01', at: noon('2001-06-02') });
    const r = await reg.post('/v1/municipalities/1160/renumbering', {
      newNumber: '1198',
      effectiveFrom: '2025-01-01',
      overrideReason: 'no reform in the code history: this test renumbers on its own authority',
      registeredAt: noon('2024-12-01'),
    });
    expectCommandOk(r);
    const min = { 'x-min-position': r.body.position };
    const municipalityOf = async (at: string) =>
      (await reg.get(`/v1/contracts/${la}?at=${at}`, min)).body.municipality;
    expect([
      await municipalityOf('2001-12-31'),
      await municipalityOf('2002-01-01'),
      await municipalityOf('2006-01-01'),
      await municipalityOf('2025-01-01'),
    ]).toEqual(['1214', '1159', '1160', '1198']);
    const ids = async (query: string) =>
      (await reg.get(`/v1/contracts?${query}`, min)).body.map((c: { contractId: string }) => c.contractId);
    expect(await ids('municipality=1198&at=2025-06-01')).toContain(la);
    expect(await ids('municipality=1160&at=2024-06-01')).toContain(la);
  });

  it('a split is no move: a resident of 1507 Ålesund recorded moving to 1508 in 2024 keeps the move rights, and answers 1508 from the split, not 1507', async () => {
    const p = await w.person({ municipality: '1507', at: noon('2021-01-02') });
    const r = await reg.post(`/v1/persons/${p}/moves`, {
      municipality: '1508',
      movedOn: '2024-03-01',
      registeredAt: noon('2024-03-01'),
    });
    expectCommandOk(r);
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual(['PersonMoved']);
    const min = { 'x-min-position': r.body.position };
    const person = (await reg.get(`/v1/persons/${p}?at=2024-02-01`, min)).body;
    expect(person.municipality).toBe('1508');
    expect(person.municipalityHistory).toEqual([
      { municipality: '1507', period: { from: '2021-01-02', to: '2024-01-01' } },
      { municipality: '1508', period: { from: '2024-01-01', to: '2024-03-01' } },
      { municipality: '1508', period: { from: '2024-03-01', to: null } },
    ]);
  });

  it('a list and a resident of 0219 Bærum answer 3024 from 2020 and 3201 from 2024, and are found under them', async () => {
    const la = await w.contract({ municipality: '0219', validFrom: '2015-01-01', at: noon('2015-01-02') });
    const p = await w.person({ municipality: '0219', at: noon('2015-01-02') });
    await w.assign(p, la, noon('2015-01-10'));
    const municipalityOf = async (at: string) =>
      (await reg.get(`/v1/contracts/${la}?at=${at}`)).body.municipality;
    expect([
      await municipalityOf('2019-12-31'),
      await municipalityOf('2020-01-01'),
      await municipalityOf('2024-01-01'),
    ]).toEqual(['0219', '3024', '3201']);
    const ids = async (query: string) =>
      (await reg.get(`/v1/contracts?${query}`)).body.map((c: { contractId: string }) => c.contractId);
    expect(await ids('municipality=3201&at=2024-06-01')).toContain(la);
    expect(await ids('municipality=3024&at=2021-06-01')).toContain(la);
    expect(await ids('municipality=0219&at=2019-06-01')).toContain(la);
    const person = (await reg.get(`/v1/persons/${p}?at=2024-06-01`)).body;
    expect(person.municipality).toBe('3201');
    expect(person.municipalityHistory).toEqual([
      { municipality: '0219', period: { from: '2015-01-02', to: '2020-01-01' } },
      { municipality: '3024', period: { from: '2020-01-01', to: '2024-01-01' } },
      { municipality: '3201', period: { from: '2024-01-01', to: null } },
    ]);
    const found = (await reg.get('/v1/persons?municipality=3201&at=2024-06-01&limit=10000')).body;
    expect(found.map((x: { nin: string }) => x.nin)).toContain(p);
    const money = (await reg.get('/v1/municipalities/3201/capitation?month=2024-06')).body;
    expect(money.contracts.items.map((c: { contractId: string }) => c.contractId)).toContain(la);
    const unlisted = await w.person({ municipality: '0219', at: noon('2015-01-03') });
    const unassigned = (await reg.get('/v1/municipalities/3201/unassigned?at=2024-06-01')).body;
    expect(unassigned.map((x: { nin: string }) => x.nin)).toContain(unlisted);
    const capacity = (await reg.get('/v1/municipalities/3201/capacity?at=2024-06-01')).body;
    expect(capacity).toMatchObject({ lists: expect.any(Number), unassigned: expect.any(Number) });
    expect(capacity.lists).toBeGreaterThanOrEqual(1);
    expect(capacity.unassigned).toBeGreaterThanOrEqual(1);
  });
});

describe('R13b, R12, R24, leaving the scheme', () => {
  it('R13b: moving back within 3 years allows a return to the former full list for 6 months', async () => {
    const la = await w.contract({ maxPatients: 1 });
    const bergen = await w.contract({
      municipality: '4601',
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const p = await listed(la);
    expectCommandOk(
      await reg.post(`/v1/persons/${p}/moves`, {
        municipality: '4601',
        movedOn: '2024-02-10',
        registeredAt: noon('2024-02-11'),
      }),
    );
    expectCommandOk(await change(p, bergen, noon('2024-02-20')));
    await w.assign(await w.person(), la, noon('2024-03-10')); // la is full again from 2024-04-01
    const back = await reg.post(`/v1/persons/${p}/moves`, {
      municipality: '0301',
      movedOn: '2024-09-10',
      registeredAt: noon('2024-09-11'),
    });
    expectCommandOk(back);
    expectCommandOk(await change(p, la, noon('2024-10-01')));
  });

  it('R13b: the return option is gone 6 months after the move back', async () => {
    const la = await w.contract({ maxPatients: 1 });
    const bergen = await w.contract({
      municipality: '4601',
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const p = await listed(la);
    await w.ok('POST', `/v1/persons/${p}/moves`, {
      municipality: '4601',
      movedOn: '2024-02-10',
      registeredAt: noon('2024-02-11'),
    });
    expectCommandOk(await change(p, bergen, noon('2024-02-20')));
    await w.assign(await w.person(), la, noon('2024-03-10'));
    await w.ok('POST', `/v1/persons/${p}/moves`, {
      municipality: '0301',
      movedOn: '2024-09-10',
      registeredAt: noon('2024-09-11'),
    });
    expectRefusal(await change(p, la, noon('2025-04-01')), 'NO_CAPACITY');
  });

  it('R12: a 17-year-old chooses for themselves', async () => {
    const la = await w.contract();
    const teen = await w.person({ birthDate: '2007-01-15', at: noon('2007-02-01') });
    expectCommandOk(await change(teen, la, noon('2024-03-15')));
  });

  it('R24: no waiting list on 1 Nov 2016 (before the late-November launch); one on 1 Dec 2016', async () => {
    const closed = await w.contract({ status: 'closed' });
    const p = await w.person({ at: noon('2016-01-04') });
    expectRefusal(
      await reg.post(`/v1/waiting-lists/${closed}`, { nin: p, registeredAt: noon('2016-11-01') }),
      'FEATURE_NOT_AVAILABLE',
      'R24',
    );
    expectCommandOk(
      await reg.post(`/v1/waiting-lists/${closed}`, { nin: p, registeredAt: noon('2016-12-01') }),
    );
  });

  it('R26: cancelling a contract ends the entries on its waiting list', async () => {
    const full = await w.contract({ maxPatients: 0 });
    const lv = await w.contract();
    const p = await w.person();
    await w.ok('POST', `/v1/waiting-lists/${full}`, { nin: p, registeredAt: noon('2024-02-01') });
    const r = await reg.post(`/v1/contracts/${full}/cancel`, {
      effectiveFrom: '2024-10-01',
      moveToContractId: lv,
      registeredAt: noon('2024-08-15'),
    });
    expectCommandOk(r);
    const wl = await reg.get(`/v1/contracts/${full}/waiting-list?at=2024-10-01`, {
      'x-min-position': r.body.position,
    });
    expect(wl.body).toEqual([]);
  });

  it('an emigrated person cannot join a waiting list; a dead person cannot change GP', async () => {
    const closed = await w.contract({ status: 'closed' });
    const la = await w.contract();
    const gone = await w.person();
    await w.ok('POST', `/v1/persons/${gone}/emigration`, {
      emigratedOn: '2024-02-10',
      registeredAt: noon('2024-02-12'),
    });
    expectRefusal(
      await reg.post(`/v1/waiting-lists/${closed}`, { nin: gone, registeredAt: noon('2024-03-01') }),
      'PERSON_NOT_RESIDENT',
    );
    const dead = await w.person();
    await w.ok('POST', `/v1/persons/${dead}/death`, {
      diedOn: '2024-02-10',
      registeredAt: noon('2024-02-12'),
    });
    const r = await change(dead, la, noon('2024-03-01'));
    expect(r.status).toBe(409);
    expect(['PERSON_NOT_RESIDENT', 'NOT_ENTITLED']).toContain(r.body?.code);
  });
});

describe('concurrency (DESIGN §3.3: one writer; R19 capacity is never overbooked)', () => {
  it('ten simultaneous requests for the last free place: exactly one is granted', async () => {
    const la = await w.contract();
    const one = await w.contract({ maxPatients: 1 });
    const people: string[] = [];
    for (let i = 0; i < 10; i++) people.push(await listed(la));
    const replies = await Promise.all(people.map((p) => change(p, one, noon('2024-03-15'))));
    const granted = replies.filter((r) => r.status === 200 || r.status === 201);
    expect(granted).toHaveLength(1);
    for (const r of replies.filter((x) => x.status >= 300)) expectRefusal(r, 'NO_CAPACITY');
    const last = granted[0].body.position;
    const onList = (await reg.get(`/v1/contracts/${one}/patients?at=2024-04-01`, { 'x-min-position': last }))
      .body;
    expect(onList).toHaveLength(1);
  });

  it('the same commandId sent five times at once writes once and answers the same', async () => {
    const la = await w.contract();
    const p = await w.person();
    const body = { contractId: la, registeredAt: noon('2024-03-15'), commandId: 'acc-rules-parallel' };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => reg.post(`/v1/persons/${p}/gp-changes`, body)),
    );
    for (const r of replies) expectCommandOk(r);
    for (const r of replies) expect(r.body).toEqual(replies[0].body);
    expect(await history(p, replies[0].body.position)).toHaveLength(1);
  });
});

describe('R16: changes that do not count', () => {
  it('when the GP leaves the list, its patients may change without it counting', async () => {
    const [la, lb, lc, ld] = [await w.contract(), await w.contract(), await w.contract(), await w.contract()];
    const g = await w.gp();
    await w.doctor(lc, { hpr: g, relationship: 'LPFL', from: '2001-06-01', to: '2024-07-01' });
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    expectCommandOk(await change(p, lc, noon('2024-05-10')));
    expectCommandOk(await change(p, ld, noon('2024-07-10')));
  });

  it('a person moved by a list reduction gets one extra change', async () => {
    const [la, lb, lx, ln, lz] = [
      await w.contract(),
      await w.contract(),
      await w.contract(),
      await w.contract(),
      await w.contract(),
    ];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-02-10')));
    const second = await change(p, lx, noon('2024-05-10'));
    expectCommandOk(second);
    const red = await reg.post(`/v1/contracts/${lx}/reductions`, {
      count: 1,
      toContractId: ln,
      effectiveFrom: '2024-11-01',
      seed: 'acc-r16',
      registeredAt: noon('2024-09-15'),
    });
    expectCommandOk(red);
    const h = await history(p, red.body.position);
    expect(h[h.length - 1]).toMatchObject({ contractId: ln, beginReason: 'REDUCTION_MOVE' });
    expectCommandOk(await change(p, lz, noon('2024-11-10')));
  });
});

describe('leaving the scheme with a pending change', () => {
  it('death before a pending change takes effect: the new link never starts (gp-history shows only what took effect)', async () => {
    const [la, lb] = [await w.contract(), await w.contract()];
    const p = await listed(la);
    expectCommandOk(await change(p, lb, noon('2024-03-05')));
    const r = await reg.post(`/v1/persons/${p}/death`, {
      diedOn: '2024-03-20',
      registeredAt: noon('2024-03-21'),
    });
    expectCommandOk(r);
    const job = await w.daily('2024-03-21');
    expect(await history(p, job.position)).toEqual([
      expect.objectContaining({
        contractId: la,
        period: { from: '2024-01-01', to: '2024-03-21' },
        endReason: 'DEATH',
      }),
    ]);
    expect(
      (await reg.get(`/v1/contracts/${lb}/patients?at=2024-04-01`, { 'x-min-position': job.position })).body,
    ).toEqual([]);
  });
});

describe('R2: the family of an asylum seeker, NATO or diplomatic staff with a D-number is entitled too', () => {
  it('a child with a D-number registered with an asylum-seeking parent may be given a GP; with a plain D-number parent not', async () => {
    const la = await w.contract();
    for (const entitlement of ['asylum-seeker', 'nato', 'diplomatic']) {
      const household = `hh-r2-${entitlement}`;
      const parent = nin('1984-04-04', 'DNR');
      await w.person({ nin: parent, entitlement, householdId: household, at: noon('2023-06-01') });
      const child = nin('2015-04-04', 'DNR');
      await w.person({ nin: child, householdId: household, parents: [parent], at: noon('2023-06-02') });
      expectCommandOk(
        await change(child, la, noon('2024-03-15'), { requestedBy: parent }),
        `child of ${entitlement}`,
      );
    }
    const plainParent = nin('1984-05-05', 'DNR');
    await w.person({ nin: plainParent, householdId: 'hh-r2-plain', at: noon('2023-06-01') });
    const plainChild = nin('2015-05-05', 'DNR');
    await w.person({
      nin: plainChild,
      householdId: 'hh-r2-plain',
      parents: [plainParent],
      at: noon('2023-06-02'),
    });
    expectRefusal(
      await change(plainChild, la, noon('2024-03-15'), { requestedBy: plainParent }),
      'NOT_ENTITLED',
      'R2',
    );
  });
});

describe("S45 with DOMAIN's own numbers", () => {
  it('asylum seeker 55038512357 on a list since 2023 becomes 15038512363: history re-keyed, old number gone', async () => {
    const la = await w.contract();
    const d = '55038512357';
    const f = '15038512363';
    await w.person({ nin: d, entitlement: 'asylum-seeker', at: noon('2022-11-01') });
    await w.assign(d, la, noon('2022-12-10'));
    const r = await reg.post(`/v1/persons/${d}/nin-change`, { newNin: f, registeredAt: noon('2024-05-02') });
    expectCommandOk(r);
    for (const e of r.body.events) {
      expect(e.stream).not.toContain(d);
      expect(e.stream).not.toContain(f);
    }
    expect(await history(f, r.body.position)).toEqual([
      expect.objectContaining({ contractId: la, period: { from: '2023-01-01', to: null } }),
    ]);
    expect((await reg.get(`/v1/persons/${d}/gp-history`)).status).toBe(404);
    expect((await reg.get(`/v1/persons/${d}/gp?at=2024-06-01`)).status).toBe(404);
    expect((await reg.get(`/v1/gps/0/confirm?nin=${f}`)).status).toBe(400);
    // The re-key is published as PatientNinChanged{old,new} (DOMAIN §5.3, S45) ...
    const before = BigInt(r.body.position) - BigInt(r.body.events.length);
    const feed = await feedAfter(reg, before, r.body.position);
    expect(feed.find((e) => e.type === 'PatientNinChanged')?.data).toMatchObject({ oldNin: d, newNin: f });
    // ... and every feed event carries a position in the command responses' space (API.md GET /v1/events).
    // One log event that fans out to several public events (the re-key gives PatientNinChanged and a
    // PatientOnContractUpdated per link) numbers the earlier ones "P.0", "P.1", ... and the last one "P",
    // so `from=<command position>` resumes after all of them; the order is strict along the feed.
    const order = (p: string): [bigint, number] => {
      const [log, sub] = p.split('.');
      return [BigInt(log), sub === undefined ? Number.POSITIVE_INFINITY : Number(sub)];
    };
    let prev: [bigint, number] = [-1n, 0];
    for (const e of feed) {
      expect(e.position).toMatch(/^\d+(\.\d+)?$/);
      const cur = order(e.position);
      expect(cur[0] > prev[0] || (cur[0] === prev[0] && cur[1] > prev[1])).toBe(true);
      prev = cur;
    }
    expect(feed.at(-1)?.position).toBe(r.body.position);
  });
});

describe('asOf: the register as it knew things then (DESIGN §3.4)', () => {
  it('contract fields and patient lists answer as of a record time', async () => {
    const c = await w.contract({ maxPatients: 100 });
    const p = await w.person();
    await w.assign(p, c, noon('2024-02-10'));
    const r = await w.ok('PUT', `/v1/contracts/${c}/ceiling`, {
      maxPatients: 80,
      registeredAt: noon('2024-06-10'),
    });
    const h = { 'x-min-position': r.position };
    const asOf = encodeURIComponent('2024-06-01T00:00:00+02:00');
    expect((await reg.get(`/v1/contracts/${c}?at=2025-01-01&asOf=${asOf}`, h)).body.maxPatients).toBe(100);
    expect((await reg.get(`/v1/contracts/${c}?at=2025-01-01`, h)).body.maxPatients).toBe(80);
    const early = encodeURIComponent('2024-02-01T00:00:00+01:00');
    expect((await reg.get(`/v1/contracts/${c}/patients?at=2024-06-01&asOf=${early}`, h)).body).toEqual([]);
    expect((await reg.get(`/v1/contracts/${c}/patients?at=2024-06-01`, h)).body).toHaveLength(1);
  });
});

describe('API.md list status semantics (R6, R14, R19, R28)', () => {
  it('ChangeGP to a locked list with free places is refused; AssignPatient to a full list needs overrideReason', async () => {
    const locked = await w.contract({ status: 'locked', maxPatients: 40 });
    const full = await w.contract({ maxPatients: 1 });
    await listed(full);
    const p = await w.person();
    expectRefusal(await change(p, locked, noon('2024-03-15')), 'NO_CAPACITY');
    const head = await reg.head();
    const r = await reg.post('/v1/assignments', {
      nin: p,
      contractId: full,
      registeredAt: noon('2024-03-15'),
    });
    expect(r.status).toBe(409);
    expect(await reg.head()).toBe(head);
    expectCommandOk(
      await reg.post('/v1/assignments', {
        nin: p,
        contractId: full,
        overrideReason: 'municipal decision',
        registeredAt: noon('2024-03-15'),
      }),
    );
  });
});
