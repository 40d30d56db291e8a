/**
 * Issue 13: identity numbers are redacted in every log line. The register runs with full logging
 * (debug level, access log) into a captured destination while a session touches every kind of
 * person input: paths, bodies, queries, invalid and unknown numbers, refusals, a number change.
 * Then the captured log is searched for any 11-digit number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../bootstrap';
import { nin, noon } from '../../test/acceptance/harness';

const lines: string[] = [];
let app: INestApplication;
let url: string;
let dir: string;
const saved = { ...process.env };

async function send(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'security-logs-'));
  process.env.FLR_DATA_DIR = dir;
  process.env.LOG_LEVEL = 'trace';
  delete process.env.FLR_TOKENS;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  app = await createApp({ logDestination: { write: (s: string) => lines.push(s) } });
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

it('no log line of a session over person data holds an 11-digit number', async () => {
  const a = nin('1961-06-16');
  const b = nin('1962-07-17');
  const renamed = nin('1963-08-18');
  const base = {
    municipality: '0301',
    officeOrgNo: '923609016',
    validFrom: '2001-06-01',
    registeredAt: noon('2020-01-02'),
  };
  expect((await send('POST', '/v1/contracts', { contractId: 'L-LOG', maxPatients: 1, ...base })).status).toBe(
    201,
  );
  expect(
    (await send('POST', '/v1/contracts', { contractId: 'L-FULL', maxPatients: 0, ...base })).status,
  ).toBe(201);
  for (const p of [a, b])
    expect(
      (await send('POST', '/v1/persons', { nin: p, municipality: '0301', registeredAt: noon('2020-01-02') }))
        .status,
    ).toBe(201);
  await send('POST', '/v1/assignments', { nin: a, contractId: 'L-LOG', registeredAt: noon('2020-01-03') });
  const refused = await send('POST', `/v1/persons/${b}/gp-changes`, {
    contractId: 'L-FULL',
    registeredAt: noon('2020-02-03'),
  });
  expect(refused.status).toBe(409);
  await send('GET', `/v1/persons/${a}/gp?at=2024-01-01`);
  await send('GET', `/v1/persons/${a}/gp-history`);
  await send('POST', '/v1/persons/gp-at-time', [
    { nin: a, at: '2024-01-01' },
    { nin: b, at: '2024-01-01' },
  ]);
  expect((await send('GET', '/v1/persons/15038512364/gp')).status).toBe(400);
  // A number with a digit added (400) still holds an identity number.
  expect((await send('GET', `/v1/persons/${a}0/gp`)).status).toBe(400);
  expect((await send('GET', `/v1/persons/${nin('1999-12-12')}/gp`)).status).toBe(404);
  await send('POST', `/v1/persons/${a}/nin-change`, { newNin: renamed, registeredAt: noon('2021-01-02') });
  await send('GET', `/v1/gps/1234567/confirm?nin=${renamed}`);
  await send('GET', '/v1/events');
  await send('POST', '/v1/persons', '{"nin": "24029012349", "municipality": ');

  const text = lines.join('');
  expect(lines.length).toBeGreaterThan(15);
  // The access log did record the person paths, with the number masked.
  expect(text).toContain('"path":"/v1/persons/***********/gp"');
  expect(text).toContain('"path":"/v1/persons/************/gp"');
  expect(text.match(/(?<!\d)\d{11}(?!\d)/g) ?? []).toEqual([]);
  expect(text).not.toContain(a);
});
