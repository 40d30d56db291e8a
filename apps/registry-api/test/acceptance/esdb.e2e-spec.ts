/**
 * API.md Conventions: EVENTSTORE_CONNECTION_STRING makes the register use EventStoreDB instead of the
 * embedded store, with the same answers (DESIGN §3.7). Runs the core of the contract against the
 * project's EventStoreDB protocol test server, with projections in this process.
 */
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import { expectCommandOk, expectRefusal, noon, type Register, startRegister, world } from './harness';

let esdb: EmbeddedEsdbTestServer;
let reg: Register;

beforeAll(async () => {
  esdb = await startEmbeddedEsdbTestServer();
  reg = await startRegister({
    EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
    FLR_RUN_PROJECTIONS: 'true',
  });
});
afterAll(async () => {
  await reg?.close();
  await esdb?.close();
});

it('commands, refusals, idempotency, point-in-time queries and the feed behave as on the embedded store', async () => {
  const w = world(reg);
  const g = await w.gp();
  const la = await w.contract();
  const lb = await w.contract();
  await w.doctor(lb, { hpr: g, relationship: 'LPFL', from: '2001-06-01' });
  const p = await w.person();
  await w.assign(p, la, noon('2023-12-10'));
  const body = { contractId: lb, registeredAt: noon('2024-03-15'), commandId: 'acc-esdb-1' };
  const r = await reg.post(`/v1/persons/${p}/gp-changes`, body);
  expectCommandOk(r);
  const head = await reg.head();
  expect((await reg.post(`/v1/persons/${p}/gp-changes`, body)).body).toEqual(r.body);
  expect(await reg.head()).toBe(head);
  const min = { 'x-min-position': r.body.position };
  expect((await reg.get(`/v1/persons/${p}/gp?at=2024-03-31`, min)).body.contractId).toBe(la);
  const april = (await reg.get(`/v1/persons/${p}/gp?at=2024-04-01`, min)).body;
  expect(april).toMatchObject({ contractId: lb, doctors: [expect.objectContaining({ hpr: g })] });
  expectRefusal(
    await reg.post(`/v1/persons/${p}/gp-changes`, { contractId: lb, registeredAt: noon('2024-05-15') }),
    'ALREADY_ON_LIST',
  );
  const feed = (await reg.get('/v1/events', min)).text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(feed.map((e) => e.type)).toEqual(
    expect.arrayContaining(['ContractCreated', 'PatientOnContractCreated']),
  );
  const mid = feed[1].position;
  const after = (await reg.get(`/v1/events?from=${mid}`, min)).text.split('\n').filter(Boolean);
  expect(JSON.parse(after[0]).position).toBe(feed[2].position);
});
