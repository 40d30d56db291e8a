/** Issue 13 item 9: Prometheus metrics at /metrics, role-protected. */
import { nin, noon, type Register, startRegister } from '../../test/acceptance/harness';

let reg: Register;
const ADMIN = { authorization: 'Bearer m-admin' };
const ANALYST = { authorization: 'Bearer m-analyst' };
const SUBSCRIBER = { authorization: 'Bearer m-sub' };

beforeAll(async () => {
  reg = await startRegister({ FLR_TOKENS: 'm-admin:admin,m-analyst:analyst,m-sub:subscriber' });
});
afterAll(async () => reg?.close());

const scrape = async () => {
  const r = await reg.get('/metrics', ANALYST);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text;
};
const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

it('counts commands by route and outcome, refusal codes and latency', async () => {
  const base = {
    municipality: '0301',
    officeOrgNo: '923609016',
    validFrom: '2001-06-01',
    registeredAt: noon('2020-01-02'),
  };
  expect(
    (await reg.post('/v1/contracts', { contractId: 'L-M', maxPatients: 0, ...base }, ADMIN)).status,
  ).toBe(201);
  const p = nin('1970-01-01');
  expect(
    (await reg.post('/v1/persons', { nin: p, municipality: '0301', registeredAt: noon('2020-01-02') }, ADMIN))
      .status,
  ).toBe(201);
  const refused = await reg.post(
    '/v1/assignments',
    { nin: p, contractId: 'L-M', registeredAt: noon('2020-01-03') },
    ADMIN,
  );
  expect(refused.status).toBe(409);
  expect((await reg.post('/v1/persons', { nin: p }, ADMIN)).status).toBe(400);

  const text = await scrape();
  expect(value(text, 'flr_commands_total{route="POST /v1/contracts",outcome="accepted"}')).toBe(1);
  expect(value(text, 'flr_commands_total{route="POST /v1/persons",outcome="accepted"}')).toBe(1);
  expect(value(text, 'flr_commands_total{route="POST /v1/persons",outcome="invalid"}')).toBe(1);
  expect(value(text, 'flr_commands_total{route="POST /v1/assignments",outcome="refused"}')).toBe(1);
  expect(value(text, `flr_command_refusals_total{code="${refused.body.code}"}`)).toBe(1);
  expect(value(text, 'flr_command_duration_seconds_count{route="POST /v1/contracts"}')).toBe(1);
  expect(text).toMatch(/^flr_projection_lag_positions\{projection="[^"]+",instance="[^"]+"\} \d+$/m);
  expect(text).toMatch(/^flr_projection_progress_ratio\{/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
});

it('shows open feed consumers', async () => {
  const controller = new AbortController();
  const feed = await fetch(`${reg.url}/v1/events?follow=true`, {
    headers: SUBSCRIBER,
    signal: controller.signal,
  });
  expect(feed.status).toBe(200);
  expect(value(await scrape(), 'flr_feed_consumers')).toBe(1);
  controller.abort();
  await feed.body?.cancel().catch(() => undefined);
  for (let i = 0; i < 50 && value(await scrape(), 'flr_feed_consumers') !== 0; i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(value(await scrape(), 'flr_feed_consumers')).toBe(0);
});

it('is role-protected', async () => {
  expect((await reg.get('/metrics')).status).toBe(401);
  expect((await reg.get('/metrics', SUBSCRIBER)).status).toBe(403);
  expect((await reg.get('/metrics', ADMIN)).status).toBe(200);
});
