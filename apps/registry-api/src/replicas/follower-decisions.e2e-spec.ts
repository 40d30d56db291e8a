import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor, type CommandMeta, type RegisterCommand } from '@flr/application';
import { DEFAULT_REGISTER_RULES, makeNin, makeOrgNo } from '@flr/domain';
import { type EventStore, WriterLease } from '@flr/event-store';
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import { buildApi, leaseHolder, type Replica, removeBuild, startReplica } from '../../test/replicas';

/**
 * DESIGN §4: a writer that dies in the middle of a many-person decision (an R31 list reduction) leaves
 * it half done in the log. Two API replicas start while that writer's lease is still fresh: both are
 * followers, and neither may carry out the rest of the decision (only the lease holder decides). Once
 * the lease lapses one replica takes over and finishes it: every remaining patient moved exactly once,
 * under the decision's own command and record time, and only the new writer says it resumed.
 */
const DIST = '.replica-dist-followers';
const LEASE_MS = 4_000;
const PATIENTS = 15;
const REDUCED = 12;
const COMMAND_ID = 'reduce-half-done';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/** The store as a writer dying after `n` more appends sees it. */
function dyingAfter(store: EventStore, n: number): EventStore {
  let left = n;
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'appendToStream') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<EventStore['appendToStream']>) =>
        left-- > 0 ? target.appendToStream(...args) : Promise.reject(new Error('writer killed'));
    },
  });
}

async function halfDoneReduction(store: EventStore): Promise<void> {
  const setup = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
  for (const contractId of ['F-A', 'F-B'])
    await setup.execute(
      {
        type: 'CreateContract',
        contractId,
        municipality: '0301',
        officeOrgNo: makeOrgNo('91234567') ?? makeOrgNo('91234568')!,
        maxPatients: 100,
        validFrom: '2001-06-01',
      },
      at('2020-01-01'),
    );
  for (let individual = 100, listed = 0; listed < PATIENTS; individual++) {
    const nin = makeNin('1972-06-09', individual);
    if (!nin) continue;
    await setup.execute({ type: 'RegisterPerson', nin, municipality: '0301' }, at('2020-01-01'));
    await setup.execute({ type: 'AssignPatient', nin, contractId: 'F-A' }, at('2020-01-01'));
    listed++;
  }
  const reduce: RegisterCommand = {
    type: 'ReduceList',
    contractId: 'F-A',
    count: REDUCED,
    toContractId: 'F-B',
    effectiveFrom: '2024-11-01',
    seed: 'followers',
  };
  const dying = new CommandProcessor({ store: dyingAfter(store, 5), rules: DEFAULT_REGISTER_RULES });
  await expect(dying.execute(reduce, at('2024-09-02', COMMAND_ID))).rejects.toThrow('writer killed');
}

/** Persons moved by the reduction, and how often each. */
async function moves(store: EventStore): Promise<Map<string, number>> {
  const moved = new Map<string, number>();
  for await (const e of store.readAll()) {
    if (e.type !== 'PatientListed') continue;
    const d = e.data as { personId: string; beginReason: string };
    if (d.beginReason !== 'REDUCTION_MOVE') continue;
    expect(e.metadata).toMatchObject({ commandId: COMMAND_ID, registeredAt: '2024-09-02T12:00:00+01:00' });
    moved.set(d.personId, (moved.get(d.personId) ?? 0) + 1);
  }
  return moved;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('API replicas: only the writer-lease holder resumes half-done decisions', () => {
  let esdb: EmbeddedEsdbTestServer;
  let dataRoot: string;
  let deadWriter: WriterLease | undefined;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    buildApi(DIST);
    dataRoot = mkdtempSync(join(tmpdir(), 'esdb3-followers-'));
    esdb = await startEmbeddedEsdbTestServer();
  }, 240_000);

  afterAll(async () => {
    await deadWriter?.stop();
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
    await esdb?.close();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    removeBuild(DIST);
  });

  it('two followers leave a dead writer’s reduction alone until one of them holds the lease, which finishes it once', async () => {
    // The writer that crashed mid-reduction still holds a fresh lease (renewed by this test until it "dies").
    deadWriter = new WriterLease({ store: esdb.store, address: 'http://127.0.0.1:9', durationMs: LEASE_MS });
    await deadWriter.start();
    expect(deadWriter.isWriter()).toBe(true);
    await halfDoneReduction(esdb.store);
    const before = await moves(esdb.store);
    expect(before.size).toBeLessThan(REDUCED);

    const options = { dist: DIST, dataRoot, leaseMs: LEASE_MS };
    replicas.push(await startReplica('a', esdb, options));
    replicas.push(await startReplica('b', esdb, options));
    // Both are up (their writer views built at bootstrap, before listening) and both follow.
    let probe: string | null = null;
    for (let individual = 100; !probe; individual++) probe = makeNin('1990-01-01', individual);
    for (const replica of replicas) {
      const res = await fetch(`${replica.address}/v1/persons`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nin: probe, municipality: '0301' }),
      });
      expect([replica.name, res.status]).toEqual([replica.name, 503]);
    }
    await sleep(LEASE_MS / 2);
    expect((await moves(esdb.store)).size).toBe(before.size);

    // The old writer stops renewing (it is dead): one replica takes over and finishes the reduction.
    await deadWriter.stop();
    const deadline = Date.now() + 60_000;
    let moved = await moves(esdb.store);
    while (moved.size < REDUCED && Date.now() < deadline) {
      await sleep(250);
      moved = await moves(esdb.store);
    }
    expect(moved.size).toBe(REDUCED);
    // Give the other replica time to do something wrong, then check nobody was moved twice.
    await sleep(LEASE_MS);
    moved = await moves(esdb.store);
    expect(moved.size).toBe(REDUCED);
    expect([...moved.values()].every((count) => count === 1)).toBe(true);

    const holder = await leaseHolder(esdb.store);
    const writer = replicas.find((r) => r.address === holder?.address);
    expect(writer).toBeDefined();
    const follower = replicas.find((r) => r !== writer)!;
    expect(writer!.output).toContain('Resumed 1 half-done decision(s) as the writer');
    expect(follower.output).not.toContain('Resumed');
  }, 240_000);
});
