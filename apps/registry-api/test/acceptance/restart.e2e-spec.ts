/**
 * §4.7 / S33 (as far as HTTP reaches): the drawn reduction is stored, so a restarted register on the same
 * data directory answers exactly the same lists, histories and feed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectCommandOk, noon, type Register, startRegister, world } from './harness';

let reg: Register | undefined;
afterAll(async () => reg?.close());

it('a restart on the same data directory answers the same reduction, histories and feed', async () => {
  const first = await startRegister({}, { keep: true });
  const w = world(first);
  const la = await w.contract({ maxPatients: 100 });
  const ln = await w.contract({ maxPatients: 100 });
  const people: string[] = [];
  for (let i = 0; i < 12; i++) {
    const n = await w.person({ householdId: `hh-restart-${i % 8}` });
    await w.assign(n, la, noon('2023-12-10'));
    people.push(n);
  }
  const r = await first.post(`/v1/contracts/${la}/reductions`, {
    count: 4,
    toContractId: ln,
    effectiveFrom: '2024-11-01',
    seed: 'acc-restart',
    registeredAt: noon('2024-09-15'),
  });
  expectCommandOk(r);
  const snapshot = async (reg: Register, min?: string) => {
    const h: Record<string, string> = min ? { 'x-min-position': min } : {};
    return {
      moved: (await reg.get(`/v1/contracts/${ln}/patients?at=2024-11-01`, h)).body,
      histories: await Promise.all(
        people.map(async (p) => (await reg.get(`/v1/persons/${p}/gp-history`, h)).body),
      ),
      feed: (await reg.get('/v1/events', h)).text,
      contract: (await reg.get(`/v1/contracts/${la}?at=2024-11-01`, h)).body,
    };
  };
  const before = await snapshot(first, r.body.position);
  expect(before.moved.length).toBeGreaterThanOrEqual(4);
  const head = await first.head();
  await first.close();
  const second = await startRegister({}, { reuse: first.dataDir, keep: true });
  expect(await second.head()).toBe(head);
  expect(await snapshot(second, head)).toEqual(before);
  await second.close();
  // S33: rebuilt from the log alone (read models live in <dataDir>/readmodels, contracts.md B), the
  // stored draw gives the identical people on the new list.
  rmSync(join(first.dataDir, 'readmodels'), { recursive: true, force: true });
  reg = await startRegister({}, { reuse: first.dataDir });
  expect(await reg.head()).toBe(head);
  expect(await snapshot(reg, head)).toEqual(before);
});
