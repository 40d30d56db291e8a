import { Scenario } from '../../../../projections/testing';
import { type ReadSideApp, startReadSideApp } from '../../test/query-test-app';

const P = '24029012349';
const D = '55038512357';
const F = '15038512363';

/** Response bodies are checked by shape in the assertions. */
const json = async (res: Promise<Response>): Promise<any> => (await res).json();

const ndjson = async (res: Promise<Response>): Promise<any[]> =>
  (await (await res).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

function scenario(): Scenario {
  const s = new Scenario()
    .gp(1001, 'Gro Lege')
    .gp(1002, 'Per Lege', '1960-01-01', 'male')
    .contract('L-A', '2001-06-01', 3)
    .contract('L-B', '2001-06-01', 1500, '0301', { officeOrgNo: '923609016' })
    .doctor('L-A', 'dA1', 1001, 'LPFL', '2001-06-01')
    .doctor('L-B', 'dB1', 1002, 'LPFL', '2001-06-01')
    .person('p1', P)
    .person('p2', D, '2023-01-01')
    .person('p3', '17050953386')
    .list('p1', 'L-A', '2001-06-01', '2001-03-01', 'INITIAL_2001', 'a1')
    .list('p2', 'L-A', '2023-02-01', '2023-01-10', 'HELFO_MANUAL', 'a2')
    .list('p3', 'L-A', '2023-02-01', '2023-01-10', 'CHOICE', 'a3');
  s.change('p1', 'a1', 'L-A', 'L-B', '2024-04-01', '2024-03-15T10:00:00Z', 'a4');
  s.add('PersonNinChanged', { personId: 'p2', oldNin: D, newNin: F }, '2024-05-05T08:00:00Z');
  return s;
}

describe('read side over HTTP (API.md queries)', () => {
  let t: ReadSideApp;
  let head: bigint;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers: { 'X-Min-Position': head.toString(), ...headers } });

  beforeAll(async () => {
    t = await startReadSideApp();
    head = await t.append(scenario().events);
  });
  afterAll(async () => t.close());

  it('GET /v1/persons/{nin}/gp?at= on both sides of S11, with the exact fields', async () => {
    const before = await json(get(`/v1/persons/${P}/gp?at=2024-03-31`));
    expect(before).toMatchObject({
      nin: P,
      contractId: 'L-A',
      period: { from: '2001-06-01', to: '2024-04-01' },
      doctors: [{ hpr: 1001, relationship: 'LPFL', period: { from: '2001-06-01', to: null } }],
      listWithoutGp: false,
    });
    const after = await json(get(`/v1/persons/${P}/gp?at=2024-04-01`));
    expect(after.contractId).toBe('L-B');
    const known = await json(get(`/v1/persons/${P}/gp?at=2024-04-01&asOf=2024-03-15T09:00:00Z`));
    expect(known.contractId).toBe('L-A');
  });

  it('404 NO_GP, 404 UNKNOWN_PERSON, 400 INVALID_NIN and 400 on a bad date', async () => {
    const none = await get(`/v1/persons/${P}/gp?at=2001-05-31`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as any).code).toBe('NO_GP');
    const unknown = await get('/v1/persons/12061860213/gp');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).code).toBe('UNKNOWN_PERSON');
    const bad = await get('/v1/persons/15038512364/gp');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).code).toBe('INVALID_NIN');
    expect((await get(`/v1/persons/${P}/gp?at=2024-02-30`)).status).toBe(400);
  });

  it('refuses bad input with typed 400s and unknown resources with 404s', async () => {
    const code = async (res: Promise<Response>) => {
      const r = await res;
      return [r.status, ((await r.json()) as any).code];
    };
    expect(await code(get(`/v1/persons/${P}/gp?asOf=yesterday`))).toEqual([400, 'INVALID_INPUT']);
    expect(await code(get('/v1/contracts/L-A/patients?cursor=nonsense'))).toEqual([400, 'INVALID_INPUT']);
    expect(await code(get('/v1/contracts/L-A/patients?limit=0'))).toEqual([400, 'INVALID_INPUT']);
    expect(await code(get('/v1/contracts/NOPE/patients'))).toEqual([404, 'UNKNOWN_CONTRACT']);
    expect(await code(get('/v1/contracts/NOPE/waiting-list'))).toEqual([404, 'UNKNOWN_CONTRACT']);
    expect(await code(get('/v1/contracts/NOPE/capitation?month=2024-01'))).toEqual([404, 'UNKNOWN_CONTRACT']);
    expect(await code(get('/v1/events?from=abc'))).toEqual([400, 'INVALID_INPUT']);
    // X-Min-Position takes a command's position or a feed event's (`P.i`); anything else is 400.
    expect((await get(`/v1/persons/${P}/gp`, { 'X-Min-Position': `${head}.0` })).status).toBe(200);
    expect(await code(get(`/v1/persons/${P}/gp`, { 'X-Min-Position': '12.x' }))).toEqual([
      400,
      'INVALID_INPUT',
    ]);
    expect(await code(get(`/v1/persons/${P}/gp`, { 'X-Min-Position': '-1' }))).toEqual([
      400,
      'INVALID_INPUT',
    ]);
    expect(await code(get('/v1/gps/0'))).toEqual([400, 'INVALID_INPUT']);
    expect(await code(get('/v1/gps/1002/confirm?nin=12061860213'))).toEqual([404, 'UNKNOWN_PERSON']);
    expect(await code(get('/v1/offices/123/contracts'))).toEqual([400, 'INVALID_INPUT']);
    const post = (body: unknown) =>
      fetch(`${t.url}/v1/persons/gp-at-time`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await code(post([{ nin: '15038512364', at: '2024-01-01' }]))).toEqual([400, 'INVALID_NIN']);
    expect(await code(post([{ nin: '15438512346', at: '2024-01-01' }]))).toEqual([400, 'NOT_A_REGISTER_ID']);
    expect(await code(post({ nin: P, at: '2024-01-01' }))).toEqual([400, 'INVALID_INPUT']);
    expect(await code(post([{ nin: P, at: '2024-02-30' }]))).toEqual([400, 'INVALID_INPUT']);
  });

  it('POST /v1/persons/gp-at-time answers the found ones and omits the rest', async () => {
    const res = await fetch(`${t.url}/v1/persons/gp-at-time`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Min-Position': head.toString() },
      body: JSON.stringify([
        { nin: P, at: '2009-05-17' },
        { nin: P, at: '2001-05-31' },
        { nin: '12061860213', at: '2009-05-17' },
      ]),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(
      body.map((b: { nin: string; at: string; contractId: string }) => [b.nin, b.at, b.contractId]),
    ).toEqual([[P, '2009-05-17', 'L-A']]);
  });

  it('S45 over HTTP: gp-history by the new nin, the old one no longer resolves', async () => {
    const history = await json(get(`/v1/persons/${F}/gp-history`));
    expect(history).toEqual([
      {
        contractId: 'L-A',
        period: { from: '2023-02-01', to: null },
        beginReason: 'HELFO_MANUAL',
        endReason: null,
      },
    ]);
    expect((await get(`/v1/persons/${D}/gp-history`)).status).toBe(404);
  });

  it('GET /v1/contracts/{id}?at= with every field of API.md', async () => {
    const c = await json(get('/v1/contracts/L-A?at=2024-03-15'));
    expect(c).toMatchObject({
      contractId: 'L-A',
      municipality: '0301',
      officeOrgNo: '974760673',
      maxPatients: 3,
      status: 'open',
      listSize: 3,
      placesAvailable: 1, // p1 leaves on 2024-04-01 (§4.4)
      patientsOnWaitingList: 0,
      valid: { from: '2001-06-01', to: null },
    });
    expect(c.doctors).toHaveLength(1);
    expect((await get('/v1/contracts/NOPE')).status).toBe(404);
  });

  it('GET patients pages with a Link rel="next" header that walks the whole list', async () => {
    const seen: string[] = [];
    let path: string | null = '/v1/contracts/L-A/patients?at=2024-03-01&limit=2';
    while (path) {
      const res = await get(path);
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as any[]).map((p: { nin: string }) => p.nin));
      const link = res.headers.get('link');
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null;
    }
    expect(seen.sort()).toEqual([F, '17050953386', P].sort());
  });

  it('offices, gps, confirm and capitation', async () => {
    const office = await json(get('/v1/offices/923609016/contracts?at=2024-05-01'));
    expect(office.map((c: { contractId: string }) => c.contractId)).toEqual(['L-B']);
    const gp = await json(get('/v1/gps/1002?at=2024-05-01'));
    expect(gp).toMatchObject({ hpr: 1002, name: 'Per Lege', contracts: [{ contractId: 'L-B' }] });
    expect((await get('/v1/gps/4242')).status).toBe(404);
    expect(await json(get(`/v1/gps/1002/confirm?nin=${P}&at=2024-05-01`))).toEqual({
      confirmed: true,
    });
    expect(await json(get(`/v1/gps/1002/confirm?nin=${P}&at=2024-03-01`))).toEqual({
      confirmed: false,
    });
    const cap = await json(get('/v1/contracts/L-A/capitation?month=2024-03'));
    expect(cap).toMatchObject({ month: '2024-03', listSize: 3 });
    // The default formula: a twelfth of the annual rate per patient on the 1st (FLR_RULE_CAPITATION_FORMULA).
    expect(cap.amountNok).toBe(Math.round(((841.8 * 3) / 12) * 100) / 100);
    expect(cap.basis).toMatchObject({ formula: 'twelfth' });
    expect((await get('/v1/contracts/L-A/capitation?month=2024-13')).status).toBe(400);
  });

  it('capitation for a month before the contract began is 404 UNKNOWN_CONTRACT, as GetGPContract ?at= then', async () => {
    // L-A is in force from 2001-06-01.
    const before = await get('/v1/contracts/L-A/capitation?month=2001-05');
    expect(before.status).toBe(404);
    expect(((await before.json()) as any).code).toBe('UNKNOWN_CONTRACT');
    expect((await get('/v1/contracts/L-A?at=2001-05-31')).status).toBe(404);
    const first = await json(get('/v1/contracts/L-A/capitation?month=2001-06'));
    expect(first).toMatchObject({ month: '2001-06', listSize: 1 });
  });

  it('GET /v1/municipalities/{number}/capacity?at=', async () => {
    const c = await json(get('/v1/municipalities/0301/capacity?at=2024-03-15'));
    expect(c).toEqual({
      municipality: '0301',
      at: '2024-03-15',
      lists: 2,
      listed: 3,
      unassigned: 0,
      freePlaces: 1 + 1499, // §4.4: p1's pending move counts against L-B and frees a place on L-A
      listsWithoutGp: 0,
    });
    expect((await get('/v1/municipalities/03x1/capacity')).status).toBe(400);
  });

  it('GET /v1/events: NDJSON ends when caught up; resuming from any position has no gap or duplicate', async () => {
    const all = await ndjson(get('/v1/events'));
    expect(all.length).toBeGreaterThan(5);
    expect(all[0]).toMatchObject({ type: 'ContractCreated', data: { id: 'L-A' } });
    expect(Object.keys(all[0]).sort()).toEqual(['data', 'position', 'recordedAt', 'schemaVersion', 'type']);
    const cut = Math.floor(all.length / 2);
    const first = await ndjson(get(`/v1/events?limit=${cut}`));
    const rest = await ndjson(get(`/v1/events?from=${first[first.length - 1].position}`));
    expect([...first, ...rest].map((e) => e.position)).toEqual(
      all.map((e: { position: string }) => e.position),
    );
  });

  it('a patient-list cursor pages only the list it came from: another list’s is 400 naming cursor', async () => {
    const first = await get('/v1/contracts/L-A/patients?at=2024-03-01&limit=1');
    const next = /cursor=([^&>]+)/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeDefined();
    const own = await json(get(`/v1/contracts/L-A/patients?at=2024-03-01&limit=1&cursor=${next}`));
    expect(own).toHaveLength(1);
    const other = await get(`/v1/contracts/L-B/patients?at=2024-03-01&limit=1&cursor=${next}`);
    expect(other.status).toBe(400);
    expect(((await other.json()) as any).errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('a bad Last-Event-ID is 400 naming that header, a bad from names from', async () => {
    const header = await get('/v1/events', { accept: 'text/event-stream', 'last-event-id': 'abc' });
    expect(header.status).toBe(400);
    expect(((await header.json()) as any).errors).toEqual([
      expect.objectContaining({ field: 'Last-Event-ID' }),
    ]);
    const query = await get('/v1/events?from=abc');
    expect(query.status).toBe(400);
    expect(((await query.json()) as any).errors).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('SSE resumes from Last-Event-ID across a dropped connection and then receives live events', async () => {
    const all = await ndjson(get('/v1/events'));
    const ids = await readSse(t.url, all[2].position, 3);
    expect(ids).toEqual(all.slice(3, 6).map((e: { position: string }) => e.position));
    // Reconnect from the last id received; then a new event arrives live.
    const live = readSse(t.url, all[all.length - 1].position, 1);
    const position = await t.append(new Scenario().contract('L-NEW', '2025-01-01').events);
    expect(await live).toEqual([position.toString()]);
  });

  it('admin: lists projections with progress and starts an online rebuild', async () => {
    const list = await json(get('/v1/admin/projections'));
    expect(list.map((s: { name: string }) => s.name).sort()).toEqual([
      'directory',
      'link-index',
      'person-register',
      'public-events',
      'waiting-lists',
    ]);
    const res = await fetch(`${t.url}/v1/admin/projections/link-index/rebuild`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect((await fetch(`${t.url}/v1/admin/projections/nope/rebuild`, { method: 'POST' })).status).toBe(404);
    // The rebuilt copy takes over and answers the same.
    const switched = () =>
      t.runtime.status().find((s) => s.name === 'link-index' && s.active)?.generation === 1;
    for (let i = 0; i < 600 && !switched(); i++) await new Promise((r) => setTimeout(r, 50));
    const after = await json(get(`/v1/persons/${P}/gp?at=2024-04-01`));
    expect(after.contractId).toBe('L-B');
    expect(t.runtime.status().find((s) => s.name === 'link-index')?.generation).toBe(1);
  });
});

/** Opens an SSE stream with Last-Event-ID, collects `n` event ids, then drops the connection. */
async function readSse(url: string, lastEventId: string, n: number): Promise<string[]> {
  const controller = new AbortController();
  const res = await fetch(`${url}/v1/events`, {
    headers: { accept: 'text/event-stream', 'last-event-id': lastEventId },
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ids: string[] = [];
  while (ids.length < n) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const id = /^id: (.+)$/m.exec(frame)?.[1];
      if (!id) continue;
      // An unnamed message (no `event:` line, so EventSource's onmessage gets it): its id and the event.
      expect(frame.split('\n').map((line) => line.slice(0, line.indexOf(':')))).toEqual(['id', 'data']);
      expect(JSON.parse(/^data: (.+)$/m.exec(frame)![1]!)).toMatchObject({ position: id });
      ids.push(id);
    }
  }
  controller.abort();
  return ids.slice(0, n);
}
