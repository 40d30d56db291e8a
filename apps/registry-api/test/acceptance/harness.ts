/**
 * Black-box harness for the acceptance suite: the whole register in-process (createApp, embedded store
 * on a fresh FLR_DATA_DIR), spoken to over plain HTTP. Built from API.md/DOMAIN.md only.
 * Set ACC_LOG=1 to see the register's own log (Nest hides start-up errors when the logger is off).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { makeNin, makeOrgNo } from '@flr/domain';
import { openEmbeddedEventStore } from '@flr/event-store';
import { startEsdbTestServer } from '@flr/esdb-test-server';

/**
 * FLR_TEST_ADAPTER=esdb runs the whole suite on the EventStoreDB adapter: each data dir gets a
 * protocol-compatible EventStoreDB test server (kept across a `reuse` restart) and the register
 * talks to it through @eventstore/db-client, with projections in this process.
 */
const esdbServers = new Map<string, { connectionString: string; close(): Promise<void> }>();

async function esdbFor(dir: string): Promise<string> {
  let server = esdbServers.get(dir);
  if (!server) {
    const store = await openEmbeddedEventStore({ path: join(dir, 'esdb-server') });
    const running = await startEsdbTestServer({ store, insecure: true });
    server = {
      connectionString: running.connectionString,
      close: async () => {
        await running.close();
        await store.close();
      },
    };
    esdbServers.set(dir, server);
  }
  return server.connectionString;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: any;
}

export interface Register {
  readonly url: string;
  readonly dataDir: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string, headers?: Record<string, string>): Promise<Reply>;
  /** The log head as /health reports it (a decimal string). */
  head(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the register; `reuse` restarts on an earlier data dir, and `keep` leaves the dir on close. */
export async function startRegister(
  env: Record<string, string> = {},
  options: { reuse?: string; keep?: boolean } = {},
): Promise<Register> {
  const dir = options.reuse ?? mkdtempSync(join(tmpdir(), 'flr-acceptance-'));
  process.env.FLR_DATA_DIR = dir;
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  Object.assign(process.env, env);
  if (process.env.FLR_TEST_ADAPTER === 'esdb' && !env.EVENTSTORE_CONNECTION_STRING) {
    process.env.EVENTSTORE_CONNECTION_STRING = await esdbFor(dir);
    process.env.FLR_RUN_PROJECTIONS = 'true';
  }
  const { createApp } = await import('../../src/bootstrap');
  const app: INestApplication = await createApp({ logger: process.env.ACC_LOG === '1' });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    let parsed: any = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  };
  return {
    url,
    dataDir: dir,
    request,
    get: (p, h) => request('GET', p, undefined, h),
    post: (p, b = {}, h) => request('POST', p, b, h),
    put: (p, b = {}, h) => request('PUT', p, b, h),
    del: (p, h) => request('DELETE', p, undefined, h),
    async head() {
      // Detailed health needs an operator role once authentication is on.
      const admin = /(?:^|,)\s*([^,:]+):admin/.exec(env.FLR_TOKENS ?? '')?.[1];
      const r = await request('GET', '/health', undefined, admin ? { authorization: `Bearer ${admin}` } : {});
      return String(r.body?.head);
    },
    async close() {
      await app.close();
      if (options.keep) return;
      await esdbServers.get(dir)?.close();
      esdbServers.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const used = new Set<string>();
/** A fresh valid fødselsnummer (or D-number) for a birth date, never handed out twice in a process. */
export function nin(birthDate: string, kind: 'FNR' | 'DNR' | 'HNR' = 'FNR'): string {
  const year = Number(birthDate.slice(0, 4));
  const ranges: [number, number][] = year >= 2000 ? [[500, 999]] : year >= 1900 ? [[0, 499]] : [[500, 749]];
  for (const [lo, hi] of ranges) {
    for (let i = lo; i <= hi; i++) {
      const n = makeNin(birthDate, i, { kind });
      if (n && !used.has(n)) {
        used.add(n);
        return n;
      }
    }
  }
  throw new Error(`no number left for ${birthDate}`);
}

let orgSeq = 0;
/** A fresh mod-11 valid organisation number. */
export function orgNo(): string {
  for (;;) {
    const o = makeOrgNo(String(92360000 + orgSeq++).padStart(8, '0'));
    if (o) return o;
  }
}

/** An instant in Oslo at noon (winter or summer offset does not matter for the date at noon). */
export const noon = (date: string): string => `${date}T12:00:00+01:00`;

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const POSITION = /^\d+$/;

/** The command success shape of API.md (Conventions: Command success). */
export function expectCommandOk(r: Reply, what = ''): void {
  if (r.status !== 200 && r.status !== 201) {
    throw new Error(`${what} expected 200/201, got ${r.status} ${r.text}`);
  }
  expect(typeof r.body?.position).toBe('string');
  expect(r.body.position).toMatch(POSITION);
  expect(Array.isArray(r.body.events)).toBe(true);
  for (const e of r.body.events) {
    expect(typeof e.type).toBe('string');
    expect(typeof e.stream).toBe('string');
    expect(Number.isInteger(e.revision)).toBe(true);
    expect(e.revision).toBeGreaterThanOrEqual(0);
  }
  if (r.body.effectiveFrom !== undefined) expect(r.body.effectiveFrom).toMatch(DATE);
}

/**
 * The rule-refusal shape of API.md: 409 { code, rule, message }; the rule is one of DOMAIN.md's rules
 * (R12) or, for the administrators' updates, the section that states it (§2.4).
 */
export function expectRefusal(r: Reply, code: string, rule?: string | RegExp): void {
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 409, code });
  expect(typeof r.body.rule).toBe('string');
  expect(r.body.rule).toMatch(/^(R\d+[a-z]?|§\d+(\.\d+)*)$/);
  if (rule) expect(r.body.rule).toMatch(rule);
  expect(typeof r.body.message).toBe('string');
}

/** The invalid-input shape of API.md: 400 { code, errors: [{ field, message }] }. */
export function expectInvalid(r: Reply, code: string, field?: string): void {
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 400, code });
  expect(Array.isArray(r.body.errors)).toBe(true);
  for (const e of r.body.errors) {
    expect(typeof e.field).toBe('string');
    expect(typeof e.message).toBe('string');
  }
  if (field)
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContainEqual(
      expect.stringContaining(field),
    );
}

/** The public events after position `from` (GET /v1/events), read once the read models have reached `minPosition`. */
export async function feedAfter(
  reg: Register,
  from: string | bigint,
  minPosition?: string,
): Promise<{ type: string; position: string; data: any }[]> {
  const r = await reg.get(`/v1/events?from=${from}`, minPosition ? { 'x-min-position': minPosition } : {});
  expect(r.status).toBe(200);
  return r.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

export function expectNotFound(r: Reply, code: string): void {
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: 404, code });
}

let hprSeq = 9100000;
let contractSeq = 0;

/** Setup steps over HTTP that fail loudly when the register refuses them (setup is not under test). */
export function world(reg: Register) {
  const ok = async (method: string, path: string, body?: unknown): Promise<any> => {
    const r = await reg.request(method, path, body);
    if (r.status !== 200 && r.status !== 201)
      throw new Error(`setup ${method} ${path} -> ${r.status} ${r.text}`);
    return r.body;
  };
  /** When each list made with a given `at` was recorded (its doctors' default record time). */
  const contractRecordedAt = new Map<string, string>();
  return {
    ok,
    async person(
      o: {
        birthDate?: string;
        municipality?: string;
        at?: string;
        nin?: string;
        householdId?: string;
        parents?: string[];
        sex?: 'male' | 'female';
        entitlement?: string;
      } = {},
    ): Promise<string> {
      const birthDate = o.birthDate ?? '1980-05-05';
      const n = o.nin ?? nin(birthDate);
      const body: Record<string, unknown> = {
        nin: n,
        municipality: o.municipality ?? '0301',
        registeredAt: o.at ?? noon('2020-01-02'),
      };
      for (const k of ['householdId', 'parents', 'sex', 'entitlement'] as const)
        if (o[k] !== undefined) body[k] = o[k];
      await ok('POST', '/v1/persons', body);
      return n;
    },
    async gp(
      o: { name?: string; birthDate?: string; sex?: 'male' | 'female'; at?: string } = {},
    ): Promise<number> {
      const hpr = hprSeq++;
      await ok('POST', '/v1/gps', {
        hpr,
        name: o.name ?? `Dr. ${hpr}`,
        birthDate: o.birthDate ?? '1970-01-01',
        sex: o.sex ?? 'female',
        registeredAt: o.at ?? noon('2000-01-03'),
      });
      return hpr;
    },
    async contract(
      o: {
        contractId?: string;
        municipality?: string;
        maxPatients?: number;
        validFrom?: string;
        status?: string;
        commonList?: boolean;
        officeOrgNo?: string;
        at?: string;
      } = {},
    ): Promise<string> {
      const contractId = o.contractId ?? `acc-${process.pid}-${contractSeq++}`;
      const body: Record<string, unknown> = {
        contractId,
        municipality: o.municipality ?? '0301',
        officeOrgNo: o.officeOrgNo ?? orgNo(),
        maxPatients: o.maxPatients ?? 100,
        validFrom: o.validFrom ?? '2001-06-01',
        registeredAt: o.at ?? noon('2001-01-02'),
      };
      if (o.status !== undefined) body.status = o.status;
      if (o.commonList !== undefined) body.commonList = o.commonList;
      await ok('POST', '/v1/contracts', body);
      if (o.at !== undefined) contractRecordedAt.set(contractId, o.at);
      return contractId;
    },
    // Recorded early by default, so a test's later (explicitly dated) commands never backdate it; but
    // never before the list itself was recorded (API.md: that would backdate the list's stream).
    doctor: (contractId: string, body: Record<string, unknown>) =>
      ok('POST', `/v1/contracts/${contractId}/doctors`, {
        registeredAt: contractRecordedAt.get(contractId) ?? noon('2001-01-03'),
        ...body,
      }),
    assign: (n: string, contractId: string, at: string, extra: Record<string, unknown> = {}) =>
      ok('POST', '/v1/assignments', { nin: n, contractId, registeredAt: at, ...extra }),
    change: (n: string, contractId: string, at: string) =>
      ok('POST', `/v1/persons/${n}/gp-changes`, { contractId, registeredAt: at }),
    daily: (date: string) => ok('POST', '/v1/jobs/daily', { date }),
  };
}
