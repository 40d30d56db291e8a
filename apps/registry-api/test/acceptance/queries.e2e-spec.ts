/**
 * API.md "Queries": every query row, `at` on both sides of date boundaries, `asOf` (DESIGN §3.4 record
 * time), paging with Link rel="next", bare arrays, amountNok to øre, X-Min-Position, and the event feed.
 */
import { expectNotFound, nin, noon, orgNo, type Register, startRegister, world } from './harness';

let reg: Register;
let w: ReturnType<typeof world>;
let g1: number;
let g2: number;
let office: string;
let la: string; // 0301, 5 places, g1 LPFL, three patients from 2024-03-01
let lb: string; // 0301, full (0 places) with a waiting list
let lx: string; // 4601, open
let lFuture: string; // same office, valid from 2025-01-01
let p: string[];
let lastPosition: string;

beforeAll(async () => {
  reg = await startRegister({ FLR_MIN_POSITION_WAIT_MS: '300' });
  w = world(reg);
  g1 = await w.gp({ name: 'Gro Første', sex: 'female' });
  g2 = await w.gp({ name: 'Geir Andre', sex: 'male' });
  office = orgNo();
  la = await w.contract({ maxPatients: 5, officeOrgNo: office });
  lb = await w.contract({ maxPatients: 0, officeOrgNo: office });
  lx = await w.contract({
    maxPatients: 50,
    municipality: '4601',
    at: noon('2020-01-02'),
    validFrom: '2020-01-01',
  });
  lFuture = await w.contract({ officeOrgNo: office, validFrom: '2025-01-01', at: noon('2024-01-02') });
  await w.doctor(la, { hpr: g1, relationship: 'LPFL', from: '2001-06-01' });
  await w.doctor(lx, { hpr: g2, relationship: 'LPFL', from: '2020-01-01' });
  p = [];
  for (let i = 0; i < 3; i++) {
    const n = await w.person();
    const r = await w.assign(n, la, noon('2024-02-10'));
    lastPosition = r.position;
    p.push(n);
  }
});
afterAll(async () => reg?.close());

const min = () => ({ 'x-min-position': lastPosition });

describe('GET /v1/persons/{nin}/gp?at=', () => {
  it('answers NO_GP the day before the placement and the GP details from its first day', async () => {
    expectNotFound(await reg.get(`/v1/persons/${p[0]}/gp?at=2024-02-29`, min()), 'NO_GP');
    const r = await reg.get(`/v1/persons/${p[0]}/gp?at=2024-03-01`, min());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      nin: p[0],
      contractId: la,
      period: { from: '2024-03-01', to: null },
      listWithoutGp: false,
    });
    expect(r.body.doctors).toEqual([
      expect.objectContaining({ hpr: g1, relationship: 'LPFL', period: { from: '2001-06-01', to: null } }),
    ]);
  });

  it('an `at` that is not a date is 400 INVALID_INPUT', async () => {
    const r = await reg.get(`/v1/persons/${p[0]}/gp?at=2024-02-30`);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
  });
});

describe('gp-history, gp-at-time, confirm', () => {
  it('gp-history is oldest first and shows both periods of a change; asOf shows what the register knew', async () => {
    const lq = await w.contract();
    const q = await w.person();
    await w.assign(q, lq, noon('2023-12-10'));
    const change = await w.change(q, lx, noon('2024-05-10'));
    const h = await reg.get(`/v1/persons/${q}/gp-history`, { 'x-min-position': change.position });
    expect(h.status).toBe(200);
    expect(h.body).toEqual([
      expect.objectContaining({
        contractId: lq,
        period: { from: '2024-01-01', to: '2024-06-01' },
        beginReason: 'HELFO_MANUAL',
      }),
      expect.objectContaining({
        contractId: lx,
        period: { from: '2024-06-01', to: null },
        beginReason: 'CHOICE',
      }),
    ]);
    expect(h.body[1].endReason ?? null).toBeNull();
    // §4.3: while pending, the current GP is still the old one.
    expect((await reg.get(`/v1/persons/${q}/gp?at=2024-05-31`)).body.contractId).toBe(lq);
    expect((await reg.get(`/v1/persons/${q}/gp?at=2024-06-01`)).body.contractId).toBe(lx);
    // DESIGN §3.4: as the register knew it before the change was registered.
    const known = await reg.get(
      `/v1/persons/${q}/gp?at=2024-07-01&asOf=${encodeURIComponent('2024-05-01T00:00:00+02:00')}`,
    );
    expect(known.status).toBe(200);
    expect(known.body.contractId).toBe(lq);
  });

  it('§4.3 with the default registeredAt (now): the pending change shows in gp-history, today still the old list', async () => {
    const lq = await w.contract();
    const q = await w.person();
    await w.assign(q, lq, noon('2023-12-10'));
    const r = await reg.post(`/v1/persons/${q}/gp-changes`, { contractId: lx });
    expect([200, 201]).toContain(r.status);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
    const [y, m] = today.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    expect(r.body.effectiveFrom).toBe(next);
    const h = { 'x-min-position': r.body.position };
    expect((await reg.get(`/v1/persons/${q}/gp`, h)).body.contractId).toBe(lq);
    expect((await reg.get(`/v1/persons/${q}/gp-history`, h)).body).toEqual([
      expect.objectContaining({ contractId: lq, period: { from: '2024-01-01', to: next } }),
      expect.objectContaining({ contractId: lx, period: { from: next, to: null } }),
    ]);
  });

  it('gp-at-time answers the found ones and omits the rest, `at` as a business date', async () => {
    const ghost = nin('1977-07-07');
    const r = await reg.post(
      '/v1/persons/gp-at-time',
      [
        { nin: p[1], at: '2024-03-01' },
        { nin: p[1], at: '2024-02-01' },
        { nin: ghost, at: '2024-03-01' },
      ],
      min(),
    );
    expect([200, 201]).toContain(r.status);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toMatchObject({ nin: p[1], contractId: la, at: '2024-03-01' });
  });

  it('confirm answers { confirmed } on both sides of the placement date and for another GP', async () => {
    const c = async (hpr: number, at: string) =>
      (await reg.get(`/v1/gps/${hpr}/confirm?nin=${p[2]}&at=${at}`, min())).body;
    expect(await c(g1, '2024-03-01')).toEqual({ confirmed: true });
    expect(await c(g1, '2024-02-29')).toEqual({ confirmed: false });
    expect(await c(g2, '2024-03-01')).toEqual({ confirmed: false });
  });
});

describe('contracts', () => {
  it('GET /v1/contracts/{id}?at= gives every field as of the date', async () => {
    const before = await reg.get(`/v1/contracts/${la}?at=2024-02-29`, min());
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      contractId: la,
      municipality: '0301',
      officeOrgNo: office,
      maxPatients: 5,
      status: 'open',
      listSize: 0,
      patientsOnWaitingList: 0,
      valid: { from: '2001-06-01', to: null },
    });
    expect(Array.isArray(before.body.doctors)).toBe(true);
    // §5.4 counts the active list (5 free); §4.4 counts pending arrivals at the next 1st (2 free): either reading.
    expect([2, 5]).toContain(before.body.placesAvailable);
    const after = await reg.get(`/v1/contracts/${la}?at=2024-03-01`, min());
    expect(after.body).toMatchObject({ listSize: 3, placesAvailable: 2 });
  });

  it('a contract asked at a date before it starts is not found then: 404 UNKNOWN_CONTRACT (as GetGPContractsOnOffice leaves it out)', async () => {
    expectNotFound(await reg.get(`/v1/contracts/${lFuture}?at=2024-12-31`, min()), 'UNKNOWN_CONTRACT');
    const first = await reg.get(`/v1/contracts/${lFuture}?at=2025-01-01`, min());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ contractId: lFuture, valid: { from: '2025-01-01', to: null } });
  });

  it('a ceiling change shows from its date, not before (every field as of DATE)', async () => {
    const c = await w.contract({ maxPatients: 100 });
    const r = await w.ok('PUT', `/v1/contracts/${c}/ceiling`, {
      maxPatients: 80,
      registeredAt: noon('2024-06-10'),
    });
    const at = async (d: string) =>
      (await reg.get(`/v1/contracts/${c}?at=${d}`, { 'x-min-position': r.position })).body;
    expect((await at('2024-01-01')).maxPatients).toBe(100);
    expect((await at('2025-01-01')).maxPatients).toBe(80);
  });

  it('a ceiling lowered to the list size or below shows closed with 0 places at once, before any daily job (S34, R14)', async () => {
    const c = await w.contract({ maxPatients: 5 });
    for (let i = 0; i < 3; i++) await w.assign(await w.person(), c, noon('2024-02-10'));
    const r = await w.ok('PUT', `/v1/contracts/${c}/ceiling`, {
      maxPatients: 2,
      registeredAt: noon('2024-04-10'),
    });
    const at = async (d: string) =>
      (await reg.get(`/v1/contracts/${c}?at=${d}`, { 'x-min-position': r.position })).body;
    expect(await at('2024-04-10')).toMatchObject({
      maxPatients: 2,
      listSize: 3,
      status: 'closed',
      placesAvailable: 0,
    });
    // Before the change it was open with its 2 free places.
    expect(await at('2024-04-09')).toMatchObject({ maxPatients: 5, status: 'open', placesAvailable: 2 });
  });

  it('status and doctors are answered as of the date too', async () => {
    const c = await w.contract({ maxPatients: 30 });
    const g = await w.gp();
    await w.doctor(c, { hpr: g, relationship: 'LPFL', from: '2001-06-01', to: '2024-07-01' });
    const r = await w.ok('PUT', `/v1/contracts/${c}/status`, {
      status: 'locked',
      registeredAt: noon('2024-06-10'),
    });
    const at = async (d: string) =>
      (await reg.get(`/v1/contracts/${c}?at=${d}`, { 'x-min-position': r.position })).body;
    const may = await at('2024-05-01');
    expect(may.status).toBe('open');
    expect(JSON.stringify(may.doctors)).toContain(String(g));
    const aug = await at('2024-08-01');
    expect(aug.status).toBe('locked');
    expect(JSON.stringify(aug.doctors ?? [])).not.toContain(String(g));
  });

  it('S52: a locked list reports 0 places available; a full one too', async () => {
    const c = await w.contract({ maxPatients: 40 });
    const r = await w.ok('PUT', `/v1/contracts/${c}/status`, {
      status: 'locked',
      registeredAt: noon('2024-01-10'),
    });
    const body = (await reg.get(`/v1/contracts/${c}`, { 'x-min-position': r.position })).body;
    expect(body).toMatchObject({ status: 'locked', placesAvailable: 0, listSize: 0, maxPatients: 40 });
    expect((await reg.get(`/v1/contracts/${lb}`, min())).body.placesAvailable).toBe(0);
  });

  it('patients?at= is a bare array paged with Link rel="next"; the default limit returns the list whole', async () => {
    expect((await reg.get(`/v1/contracts/${la}/patients?at=2024-02-29`, min())).body).toEqual([]);
    const whole = await reg.get(`/v1/contracts/${la}/patients?at=2024-03-01`, min());
    expect(whole.status).toBe(200);
    expect(whole.body).toHaveLength(3);
    expect(whole.headers.get('link') ?? '').not.toMatch(/rel="?next"?/);
    for (const item of whole.body) expect(item.period).toEqual({ from: '2024-03-01', to: null });
    const seen: string[] = [];
    let path: string | null = `/v1/contracts/${la}/patients?at=2024-03-01&limit=2`;
    let pages = 0;
    while (path && pages < 5) {
      const page = await reg.get(path, min());
      expect(page.status).toBe(200);
      expect(Array.isArray(page.body)).toBe(true);
      expect(page.body.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.map((x: { nin: string }) => x.nin));
      pages++;
      const link = page.headers.get('link');
      const next = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
      path = next ? next[1].replace(/^https?:\/\/[^/]+/, '') : null;
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual([...p].sort());
  });

  it('waiting-list is a bare array in queue order with joinedAt; the contract counts it', async () => {
    const q1 = await w.person();
    const q2 = await w.person();
    await w.ok('POST', `/v1/waiting-lists/${lb}`, { nin: q1, registeredAt: noon('2024-01-05') });
    const r = await w.ok('POST', `/v1/waiting-lists/${lb}`, { nin: q2, registeredAt: noon('2024-02-01') });
    const wl = await reg.get(`/v1/contracts/${lb}/waiting-list`, { 'x-min-position': r.position });
    expect(wl.status).toBe(200);
    expect(wl.body.map((e: { nin: string }) => e.nin)).toEqual([q1, q2]);
    for (const e of wl.body) expect(Number.isNaN(Date.parse(e.joinedAt))).toBe(false);
    const c = await reg.get(`/v1/contracts/${lb}`, { 'x-min-position': r.position });
    expect(c.body.patientsOnWaitingList).toBe(2);
  });

  it('GET /v1/contracts?municipality=&hasPlaces=true lists open contracts with free places', async () => {
    const ids = async (qs: string) =>
      ((await reg.get(`/v1/contracts?${qs}`, min())).body as { contractId: string }[]).map(
        (c) => c.contractId,
      );
    const items = (await reg.get('/v1/contracts?municipality=0301&hasPlaces=true', min())).body as any[];
    const item = items.find((c) => c.contractId === la);
    // "contracts with doctor name, age, sex, substitute, free places": field names are open, the facts are not.
    expect(JSON.stringify(item)).toContain('Gro Første');
    expect(Object.values(item)).toContain(2);
    const withPlaces = await ids('municipality=0301&hasPlaces=true');
    expect(withPlaces).toContain(la);
    expect(withPlaces).not.toContain(lb);
    expect(withPlaces).not.toContain(lx);
    const all = await ids('municipality=0301');
    expect(all).toEqual(expect.arrayContaining([la, lb]));
    expect(await ids('municipality=4601')).toEqual([lx]);
  });

  it('GET /v1/offices/{orgNo}/contracts?at= lists the contracts valid on the office at the date', async () => {
    const ids = async (at: string) =>
      (
        (await reg.get(`/v1/offices/${office}/contracts?at=${at}`, min())).body as { contractId: string }[]
      ).map((c) => c.contractId);
    const now = await ids('2024-03-01');
    expect(now).toEqual(expect.arrayContaining([la, lb]));
    expect(now).not.toContain(lFuture);
    expect(await ids('2025-06-01')).toContain(lFuture);
  });

  it('GET /v1/gps/{hpr}?at= gives the GP with its contracts', async () => {
    const r = await reg.get(`/v1/gps/${g1}?at=2024-03-01`, min());
    expect(r.status).toBe(200);
    expect(r.body.hpr).toBe(g1);
    expect(JSON.stringify(r.body)).toContain(`"${la}"`);
    expect(JSON.stringify(r.body)).not.toContain(`"${lx}"`);
  });

  it('capitation: { month, listSize, amountNok, basis }, amountNok a number rounded to øre', async () => {
    const r = await reg.get(`/v1/contracts/${la}/capitation?month=2024-04`, min());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: '2024-04', listSize: 3 });
    expect(typeof r.body.amountNok).toBe('number');
    expect(r.body.amountNok).toBeGreaterThan(0);
    expect(Math.abs(r.body.amountNok * 100 - Math.round(r.body.amountNok * 100))).toBeLessThan(1e-6);
    expect(r.body.basis).toBeDefined();
    const empty = await reg.get(`/v1/contracts/${la}/capitation?month=2024-02`, min());
    expect(empty.body).toMatchObject({ month: '2024-02', listSize: 0, amountNok: 0 });
    const bad = await reg.get(`/v1/contracts/${la}/capitation?month=2024-13`);
    expect(bad.status).toBe(400);
  });
});

describe('capitation rules (DOMAIN §3.12)', () => {
  it('grunntilskudd: a new list with listetak ≥ 500 but fewer than 500 patients is paid as for 500 for 2 years', async () => {
    const c = await w.contract({ maxPatients: 1000, validFrom: '2023-01-01', at: noon('2022-12-01') });
    let pos = '';
    for (let i = 0; i < 3; i++) pos = (await w.assign(await w.person(), c, noon('2024-02-10'))).position;
    const h = { 'x-min-position': pos };
    const apr = (await reg.get(`/v1/contracts/${c}/capitation?month=2024-04`, h)).body;
    expect(apr.listSize).toBe(3);
    // 841.80 NOK/yr (from 1 Jul 2023) for 500 patients: ÷366×30 days = 34 500.00, or ÷12 = 35 075.00 (§3.12 [U] formula).
    expect([34500, 35075]).toContain(apr.amountNok);
    const later = (await reg.get(`/v1/contracts/${c}/capitation?month=2025-02`, h)).body;
    expect(later.listSize).toBe(3);
    // After two years from the contract start: the 3 patients only (÷365×28 = 193.73, or ÷12 = 210.45).
    expect([193.73, 210.45]).toContain(later.amountNok);
  });
});

describe('read-your-writes', () => {
  it('X-Min-Position with a command position sees that command at once', async () => {
    const n = await w.person();
    const r = await w.assign(n, la, noon('2024-02-11'));
    const c = await reg.get(`/v1/contracts/${la}?at=2024-03-01`, { 'x-min-position': r.position });
    expect(c.body.listSize).toBe(4);
    const h = await reg.get(`/v1/persons/${n}/gp-history`, { 'x-min-position': r.position });
    expect(h.body).toHaveLength(1);
    lastPosition = r.position;
  });

  it('a position the log will not reach in time answers 503', async () => {
    const r = await reg.get(`/v1/contracts/${la}`, { 'x-min-position': '999999999999' });
    expect(r.status).toBe(503);
  });

  it('the POST query gp-at-time honours X-Min-Position too (API.md: any query)', async () => {
    const late = await reg.post('/v1/persons/gp-at-time', [{ nin: p[0], at: '2024-03-01' }], {
      'x-min-position': '999999999999',
    });
    expect(late.status).toBe(503);
    const n = await w.person();
    const r = await w.assign(n, la, noon('2024-02-12'));
    const now = await reg.post('/v1/persons/gp-at-time', [{ nin: n, at: '2024-03-01' }], {
      'x-min-position': r.position,
    });
    expect(now.body).toEqual([expect.objectContaining({ nin: n, contractId: la })]);
    lastPosition = r.position;
  });
});

describe('GET /v1/events', () => {
  const ndjson = async (qs = '') => {
    const r = await reg.get(`/v1/events${qs}`, min());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type') ?? '').toMatch(/ndjson/);
    return r.text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
  };

  it('NDJSON of { position, type, data, recordedAt } in position order, ending when caught up', async () => {
    const all = await ndjson();
    expect(all.length).toBeGreaterThan(5);
    let prev = -1n;
    for (const e of all) {
      expect(typeof e.position).toBe('string');
      expect(BigInt(e.position)).toBeGreaterThan(prev);
      prev = BigInt(e.position);
      expect(typeof e.type).toBe('string');
      expect(e.data).toBeDefined();
      expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
    }
    // DESIGN §1 / DOMAIN §5.3: the public feed speaks FLR's service-bus event names.
    const types = new Set(all.map((e) => e.type));
    for (const t of ['ContractCreated', 'PatientOnContractCreated', 'GPOnContractCreated'])
      expect(types).toContain(t);
  });

  it('from is exclusive and shares the position space of command answers; limit caps the page', async () => {
    const all = await ndjson();
    const after = await ndjson(`?from=${lastPosition}`);
    expect(after.map((e) => e.position)).toEqual(
      all.filter((e) => BigInt(e.position) > BigInt(lastPosition)).map((e) => e.position),
    );
    const mid = all[2].position;
    const rest = await ndjson(`?from=${mid}`);
    expect(rest[0].position).toBe(all[3].position);
    expect(await ndjson(`?from=${mid}&limit=2`)).toHaveLength(2);
  });

  it('SSE carries ids and resumes after Last-Event-ID', async () => {
    const first = await sse(reg.url, 3);
    expect(first).toHaveLength(3);
    for (const e of first) expect(e.id).toMatch(/^\d+$/);
    const resumed = await sse(reg.url, 1, first[1].id);
    expect(resumed[0].id).toBe(first[2].id);
    expect(JSON.parse(resumed[0].data).position ?? resumed[0].id).toBe(first[2].id);
  });
});

/** Reads `count` SSE events (id + data) and closes the stream. */
async function sse(
  url: string,
  count: number,
  lastEventId?: string,
): Promise<{ id: string; data: string }[]> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 4000);
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const out: { id: string; data: string }[] = [];
  try {
    const res = await fetch(`${url}/v1/events`, { headers, signal: ctrl.signal });
    expect(res.headers.get('content-type') ?? '').toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    while (out.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let cut = buf.indexOf('\n\n');
      while (cut >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const id = /^id:\s?(.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.replace(/^data:\s?/, ''))
          .join('\n');
        if (id !== undefined && data) out.push({ id, data });
        cut = buf.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (!ctrl.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return out.slice(0, count);
}
