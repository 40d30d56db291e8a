/**
 * Edges of the contract: strict input formats (API.md Conventions), live feeds (follow=true, SSE),
 * R14's "stays open until the 10 places are filled", and FLR's null-`at` semantics (DOMAIN §5.2).
 */
import {
  expectCommandOk,
  expectRefusal,
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

describe('strict formats', () => {
  it('registeredAt without an offset is INVALID_INPUT (instants are ISO-8601 with offset)', async () => {
    const la = await w.contract();
    const p = await w.person();
    const head = await reg.head();
    const r = await reg.post(`/v1/persons/${p}/gp-changes`, {
      contractId: la,
      registeredAt: '2024-03-15T12:00:00',
    });
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
    expect(JSON.stringify(r.body.errors)).toContain('registeredAt');
    expect(await reg.head()).toBe(head);
  });

  it('a nin given as a JSON number is refused (identifiers in JSON are strings)', async () => {
    const r = await reg.post('/v1/persons', { nin: 24029012349, municipality: '0301' });
    expect(r.status).toBe(400);
    expect(['INVALID_INPUT', 'INVALID_NIN']).toContain(r.body?.code);
  });

  it('query parameters in the wrong format are 400 INVALID_INPUT', async () => {
    const la = await w.contract();
    for (const path of [
      `/v1/contracts/${la}?at=2024-2-1`,
      `/v1/contracts/${la}/capitation?month=2024-4`,
      `/v1/contracts/${la}/patients?limit=abc`,
      '/v1/gps/abc',
    ]) {
      const r = await reg.get(path);
      expect({ path, status: r.status, code: r.body?.code }).toEqual({
        path,
        status: 400,
        code: 'INVALID_INPUT',
      });
    }
  });

  it('gp-at-time with a bad `at` is 400 INVALID_INPUT', async () => {
    const r = await reg.post('/v1/persons/gp-at-time', [{ nin: nin('1970-10-10'), at: '2024-02-30' }]);
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
  });

  it('a JSON array where a command expects an object is 400 and writes nothing', async () => {
    const head = await reg.head();
    const r = await reg.post('/v1/persons', [{ nin: nin('1970-10-11'), municipality: '0301' }]);
    // API.md does not say which code a non-object body gets; INVALID_INPUT would be the natural one.
    expect(r.status).toBe(400);
    expect(['INVALID_INPUT', 'INVALID_NIN']).toContain(r.body?.code);
    expect(await reg.head()).toBe(head);
  });

  it('a waiting-list join by someone who is not a parent is NOT_AUTHORISED (R21)', async () => {
    const closed = await w.contract({ status: 'closed' });
    const child = await w.person({ birthDate: '2015-01-01', at: noon('2015-01-10'), householdId: 'hh-e1' });
    const stranger = await w.person({ householdId: 'hh-e1' });
    expectRefusal(
      await reg.post(`/v1/waiting-lists/${closed}`, {
        nin: child,
        requestedBy: stranger,
        registeredAt: noon('2024-03-01'),
      }),
      'NOT_AUTHORISED',
    );
    // ... while a parent at the same address may (R21, HN-bytte).
    const parent = await w.person({ householdId: 'hh-e1' });
    const kid = await w.person({
      birthDate: '2016-01-01',
      at: noon('2016-01-10'),
      householdId: 'hh-e1',
      parents: [parent],
    });
    expectCommandOk(
      await reg.post(`/v1/waiting-lists/${closed}`, {
        nin: kid,
        requestedBy: parent,
        registeredAt: noon('2024-03-01'),
      }),
    );
  });
});

describe('directory', () => {
  it('GET /v1/contracts?hasPlaces=true leaves out locked and closed lists (S52, §5.4)', async () => {
    const m = '4206';
    const open = await w.contract({ municipality: m, validFrom: '2024-01-01', at: noon('2023-12-01') });
    const locked = await w.contract({
      municipality: m,
      validFrom: '2024-01-01',
      at: noon('2023-12-01'),
      status: 'locked',
    });
    const closed = await w.contract({
      municipality: m,
      validFrom: '2024-01-01',
      at: noon('2023-12-01'),
      status: 'closed',
    });
    const ids = ((await reg.get(`/v1/contracts?municipality=${m}&hasPlaces=true`)).body as any[]).map(
      (c) => c.contractId,
    );
    expect(ids).toContain(open);
    expect(ids).not.toContain(locked);
    expect(ids).not.toContain(closed);
  });

  it('without `at`, a GP and an office show historical and future contracts too (DOMAIN §5.2)', async () => {
    const office = orgNo();
    const g = await w.gp();
    const old = await w.contract({ officeOrgNo: office });
    const later = await w.contract({ officeOrgNo: office, validFrom: '2030-01-01', at: noon('2024-01-02') });
    // The doctor period is recorded before the cancellation: recording it after would backdate the list.
    await w.doctor(old, { hpr: g, relationship: 'LPFL', from: '2001-06-01', to: '2010-01-01' });
    await w.ok('POST', `/v1/contracts/${old}/cancel`, {
      effectiveFrom: '2010-01-01',
      moveToContractId: await w.contract(),
      registeredAt: noon('2009-11-01'),
    });
    const officeAll = ((await reg.get(`/v1/offices/${office}/contracts`)).body as any[]).map(
      (c) => c.contractId,
    );
    expect(officeAll).toEqual(expect.arrayContaining([old, later]));
    const officeNow = ((await reg.get(`/v1/offices/${office}/contracts?at=2024-06-01`)).body as any[]).map(
      (c) => c.contractId,
    );
    expect(officeNow).not.toContain(old);
    expect(officeNow).not.toContain(later);
    const gpAll = JSON.stringify((await reg.get(`/v1/gps/${g}`)).body);
    expect(gpAll).toContain(`"${old}"`);
    const gpNow = JSON.stringify((await reg.get(`/v1/gps/${g}?at=2024-06-01`)).body);
    expect(gpNow).not.toContain(`"${old}"`);
  });
});

describe('R14: once open, a list stays open until its 10 places are filled', () => {
  it('keeps accepting after the first arrivals even with fewer than 10 places left', async () => {
    const m = '4207';
    const l = await w.contract({
      municipality: m,
      maxPatients: 20,
      validFrom: '2024-01-01',
      at: noon('2023-12-01'),
    });
    const other = await w.contract({
      municipality: m,
      maxPatients: 50,
      validFrom: '2024-01-01',
      at: noon('2023-12-01'),
    });
    for (let i = 0; i < 10; i++) {
      const n = await w.person({ municipality: m, at: noon('2023-12-02') });
      await w.assign(n, l, noon('2023-12-10'));
    }
    const movers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const n = await w.person({ municipality: m, at: noon('2023-12-02') });
      await w.assign(n, other, noon('2023-12-10'));
      movers.push(n);
    }
    await w.daily('2024-01-02');
    for (const n of movers.slice(0, 4))
      expectCommandOk(
        await reg.post(`/v1/persons/${n}/gp-changes`, { contractId: l, registeredAt: noon('2024-01-10') }),
      );
    const pos = (await w.daily('2024-01-11')).position;
    const c = (await reg.get(`/v1/contracts/${l}?at=2024-01-11`, { 'x-min-position': pos })).body;
    expect(c.status).toBe('open');
    expectCommandOk(
      await reg.post(`/v1/persons/${movers[4]}/gp-changes`, {
        contractId: l,
        registeredAt: noon('2024-01-12'),
      }),
    );
  });
});

describe('live feeds', () => {
  it('NDJSON with follow=true stays open and delivers a new event', async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 5000);
    const head = await reg.head();
    try {
      // Headers may only come with the first event: do not wait for them before writing.
      const pending = fetch(`${reg.url}/v1/events?from=${head}&follow=true`, { signal: ctrl.signal });
      await new Promise((r) => setTimeout(r, 200));
      // A contract creation has a public FLR event (ContractCreated); a GP registration has none.
      const cmd = await w.ok('POST', '/v1/contracts', {
        municipality: '0301',
        officeOrgNo: orgNo(),
        maxPatients: 10,
        validFrom: '2024-01-01',
      });
      const res = await pending;
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let buf = '';
      while (!buf.includes('\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += new TextDecoder().decode(value);
      }
      const line = JSON.parse(buf.split('\n')[0]);
      expect(BigInt(line.position)).toBeGreaterThan(BigInt(head));
      expect(BigInt(line.position)).toBeLessThanOrEqual(BigInt(cmd.position));
    } finally {
      clearTimeout(timer);
      ctrl.abort();
    }
  });

  it('SSE stays open and delivers a new event after the ones it resumed from', async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 5000);
    const head = await reg.head();
    try {
      const res = await fetch(`${reg.url}/v1/events`, {
        headers: { accept: 'text/event-stream', 'last-event-id': head },
        signal: ctrl.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await w.ok('POST', '/v1/contracts', {
        municipality: '0301',
        officeOrgNo: orgNo(),
        maxPatients: 10,
        validFrom: '2024-01-01',
      });
      let buf = '';
      while (!/^id:/m.test(buf) || !buf.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += new TextDecoder().decode(value);
      }
      const id = /^id:\s?(\d+)/m.exec(buf)?.[1];
      expect(id).toBeDefined();
      expect(BigInt(id!)).toBeGreaterThan(BigInt(head));
    } finally {
      clearTimeout(timer);
      ctrl.abort();
    }
  });
});

describe('OpenAPI (API.md: served at /docs and /docs-json)', () => {
  it('documents every path of API.md', async () => {
    const doc = (await reg.get('/docs-json')).body;
    const paths = Object.keys(doc.paths ?? {}).map((p) => p.replace(/\{[^}]+\}/g, '{}'));
    for (const p of [
      '/v1/persons',
      '/v1/persons/{}/moves',
      '/v1/persons/{}/death',
      '/v1/persons/{}/emigration',
      '/v1/persons/{}/opt-out',
      '/v1/persons/{}/opt-in',
      '/v1/persons/{}/nin-change',
      '/v1/gps',
      '/v1/contracts',
      '/v1/contracts/{}/ceiling',
      '/v1/contracts/{}/status',
      '/v1/contracts/{}/doctors',
      '/v1/contracts/{}/doctors/{}/end',
      '/v1/contracts/{}/reductions',
      '/v1/contracts/{}/cancel',
      '/v1/assignments',
      '/v1/persons/{}/gp-changes',
      '/v1/waiting-lists/{}',
      '/v1/waiting-lists/{}/{}',
      '/v1/municipalities/{}/renumbering',
      '/v1/jobs/daily',
      '/v1/persons/{}/gp',
      '/v1/persons/gp-at-time',
      '/v1/persons/{}/gp-history',
      '/v1/contracts/{}',
      '/v1/contracts/{}/patients',
      '/v1/contracts/{}/waiting-list',
      '/v1/offices/{}/contracts',
      '/v1/gps/{}',
      '/v1/gps/{}/confirm',
      '/v1/contracts/{}/capitation',
      '/v1/events',
    ]) {
      expect(paths).toContain(p);
    }
    expect((await reg.get('/docs')).status).toBe(200);
  });
});

describe('API.md: without FLR_TOKENS the server only listens on loopback', () => {
  it('HOST=0.0.0.0 without tokens still binds 127.0.0.1', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const saved = { ...process.env };
    const dir = mkdtempSync(join(tmpdir(), 'flr-acceptance-host-'));
    Object.assign(process.env, { HOST: '0.0.0.0', PORT: '0', FLR_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    delete process.env.FLR_TOKENS;
    const { startApp } = await import('../../src/bootstrap');
    const app = await startApp();
    try {
      const address = app.getHttpServer().address() as { address: string };
      expect(address.address).toBe('127.0.0.1');
    } finally {
      await app.close();
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
