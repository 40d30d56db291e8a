/**
 * test:fuzz — fast-check over every operation of the register's OpenAPI document, in process on
 * loopback with the embedded store in a temporary folder. Each request takes one operation and
 * fills its path parameters, query parameters and body from generators of hostile input:
 * malformed JSON, wrong types, huge and unicode strings, invalid dates, numbers at the edges,
 * deep nesting, unknown fields and garbage query parameters, mixed with plausible values so that
 * requests also get past validation.
 *
 *   npm run test:fuzz -- [--requests 20000] [--seed 42]
 *
 * Prints name=value lines: requests, status_5xx, writes_on_error (a non-2xx answer after which
 * the log head moved), alive (the liveness probe answers at the end), by_status.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EVENT_STORE } from '@flr/application';
import type { EventStore } from '@flr/event-store';
import { createApp } from '../apps/registry-api/src/bootstrap';

interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyFields: string[];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
  return v;
}

const VALID_NIN = '24029012349';
const plausible = fc.constantFrom(
  VALID_NIN,
  '15038512364',
  'L-F',
  '0301',
  '923609016',
  '1234567',
  '2024-01-01',
  '2024-02-30',
  '2023-02-29',
  '2024-01-01T24:00:00Z',
  '2024-01-01T12:00:00.123456789012Z',
  '2024-02-29T12:00:00+01:00',
  '9999-12-31',
  '0000-01-01',
  'true',
  'false',
  '',
);
const edgeNumber = fc.constantFrom(
  0,
  -1,
  1,
  2 ** 31,
  -(2 ** 31),
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
  0.5,
);
const text = fc.oneof(
  plausible,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
const scalar = fc.oneof(text, edgeNumber, fc.double(), fc.boolean(), fc.constant(null));
const deep = fc
  .integer({ min: 10, max: 3000 })
  .map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: deep },
);

function bodyFor(op: Operation): fc.Arbitrary<string | undefined> {
  const fields =
    op.bodyFields.length > 0
      ? fc
          .record(Object.fromEntries(op.bodyFields.map((f) => [f, value])), { requiredKeys: [] })
          .chain((o) =>
            fc
              .dictionary(fc.string({ maxLength: 10 }), scalar, { maxKeys: 2 })
              .map((extra) => ({ ...o, ...extra })),
          )
      : fc.constant({});
  return fc.oneof(
    { weight: 6, arbitrary: fields.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.array(fields, { maxLength: 3 }).map((a) => JSON.stringify(a)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"nin": ',
        '{',
        '[',
        'null',
        '"',
        '{"a":1,}',
        '\u0000',
        'nan',
        '{"__proto__":{"x":1}}',
      ),
    },
    { weight: 1, arbitrary: deep.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: plausible.filter((s) => s !== '').map(encodeURIComponent) },
    { weight: 3, arbitrary: text.filter((s) => s !== '').map((s) => encodeURIComponent(s.slice(0, 6000))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '..', '%2e%2e', '%00', '%F0%9F%92%A9') },
  );
}

function requestFor(op: Operation): fc.Arbitrary<{ url: string; body: string | undefined }> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const params = fc.tuple(...names.map(() => pathValue()));
  const queryKeys = fc.subarray([...op.query, 'x', 'at', 'asOf', 'limit', 'from', '__proto__']);
  const query = queryKeys.chain((keys) =>
    fc
      .tuple(
        ...keys.map(() => fc.array(fc.oneof(text, edgeNumber.map(String)), { minLength: 1, maxLength: 2 })),
      )
      .map((values) => {
        const q = new URLSearchParams();
        keys.forEach((k, i) => {
          for (const v of values[i] as string[]) q.append(k, v.slice(0, 3000));
        });
        return q.toString();
      }),
  );
  const body = op.method === 'GET' || op.method === 'DELETE' ? fc.constant(undefined) : bodyFor(op);
  return fc.tuple(params, query, body).map(([ps, q, b]) => {
    let i = 0;
    const path = op.path.replace(/\{\w+\}/g, () => ps[i++] as string);
    return { url: q ? `${path}?${q}` : path, body: b };
  });
}

type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>
  >;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const ref = JSON.stringify(op.requestBody ?? {}).match(/#\/components\/schemas\/(\w+)/)?.[1];
      ops.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys((ref && doc.components?.schemas?.[ref]?.properties) ?? {}),
      });
    }
  }
  return ops;
}

async function main(): Promise<void> {
  const total = arg('requests', 20_000);
  const seed = arg('seed', Date.now() % 2 ** 31);
  const dir = mkdtempSync(join(tmpdir(), 'security-fuzz-'));
  process.env.FLR_DATA_DIR = dir;
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  const app = await createApp({ logger: process.env.FUZZ_LOG === '1' });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const store = app.get<EventStore>(EVENT_STORE);
  const send = (method: string, url: string, body?: string) =>
    fetch(`${base}${url}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
  // A little state so plausible values reach the rules, not only validation.
  await send(
    'POST',
    '/v1/contracts',
    JSON.stringify({
      contractId: 'L-F',
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 5,
      validFrom: '2001-06-01',
    }),
  );
  await send('POST', '/v1/persons', JSON.stringify({ nin: VALID_NIN, municipality: '0301' }));

  const doc = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDocument;
  const ops = operationsOf(doc);
  const generators = ops.map(requestFor);
  const byStatus = new Map<number, number>();
  let status5xx = 0;
  let writesOnError = 0;
  let sent = 0;
  const failures: string[] = [];
  const perOp = Math.ceil(total / ops.length);
  for (let round = 0; sent < total; round++) {
    for (let k = 0; k < ops.length && sent < total; k++) {
      const op = ops[k] as Operation;
      const [req] = fc.sample(generators[k] as fc.Arbitrary<{ url: string; body: string | undefined }>, {
        seed: seed + round * ops.length + k,
        numRuns: 1,
      });
      if (!req) continue;
      const before = await store.headPosition();
      let status: number;
      try {
        status = await send(op.method, req.url, req.body);
      } catch (e) {
        status = 599;
        failures.push(`${op.method} ${op.path}: ${(e as Error).message}`);
      }
      sent += 1;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (status >= 500) {
        status5xx += 1;
        if (failures.length < 10)
          failures.push(`${op.method} ${op.path} -> ${status} (seed ${seed}, round ${round})`);
      } else if (status >= 300 && (await store.headPosition()) !== before) {
        writesOnError += 1;
        if (failures.length < 10) failures.push(`${op.method} ${op.path} -> ${status} but the log moved`);
      }
    }
  }
  const alive = (await send('GET', '/health/live').catch(() => 0)) === 200;
  console.log(`requests=${sent}`);
  console.log(`operations=${ops.length}`);
  console.log(`requests_per_operation=${perOp}`);
  console.log(`seed=${seed}`);
  console.log(`status_5xx=${status5xx}`);
  console.log(`writes_on_error=${writesOnError}`);
  console.log(`alive=${alive}`);
  console.log(`by_status=${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}`);
  for (const f of failures) console.error(`failure: ${f}`);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = status5xx === 0 && writesOnError === 0 && alive ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
