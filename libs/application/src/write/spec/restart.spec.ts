import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { nin } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import { LmdbOutcomeIndex } from '../outcome-index';
import type { CommandMeta, RegisterCommand } from '../commands';
import { contract } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/** Kills the writer's appends after `n` succeed, as a process dying mid-way would. */
function dyingAfter(store: EventStore, n: number): EventStore {
  let left = n;
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'appendToStream') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<EventStore['appendToStream']>) =>
        left-- > 0 ? target.appendToStream(...args) : Promise.reject(new Error('process killed'));
    },
  });
}

describe('crash safety over the embedded store (DESIGN §3.3)', () => {
  it('a cancellation killed mid-way and a reopened store: every patient moved exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-restart-'));
    try {
      let store = await openEmbeddedEventStore({ path: dir });
      const first = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
      await first.start();
      await first.execute(contract('L-A', { maxPatients: 30 }), at('2020-01-01'));
      await first.execute(contract('L-V', { maxPatients: 30 }), at('2020-01-01'));
      for (let i = 0; i < 25; i++) {
        const n = nin(`1975-04-${String(i + 1).padStart(2, '0')}`);
        await first.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2020-01-01'));
        await first.execute({ type: 'AssignPatient', nin: n, contractId: 'L-A' }, at('2020-01-01'));
      }
      const dying = new CommandProcessor({ store: dyingAfter(store, 11), rules: DEFAULT_REGISTER_RULES });
      await dying.start();
      const cancel: RegisterCommand = {
        type: 'CancelContract',
        contractId: 'L-A',
        effectiveFrom: '2024-10-01',
        moveToContractId: 'L-V',
      };
      await expect(dying.execute(cancel, at('2024-09-01', 'cancel-1'))).rejects.toThrow('process killed');
      await store.close();

      store = await openEmbeddedEventStore({ path: dir });
      // Restarted two years later: the resumed moves are still the decision's, recorded at its time.
      const restarted = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        clock: () => new Date('2026-11-30T08:00:00Z'),
      });
      await restarted.start();
      const moved = new Map<string, number>();
      const recordedAt = new Set<unknown>();
      for await (const e of store.readAll()) {
        if (e.type === 'PatientListed' || e.type === 'PatientUnlisted')
          recordedAt.add(e.metadata?.registeredAt);
        if (e.type !== 'PatientListed') continue;
        const d = e.data as { personId: string; beginReason: string };
        if (d.beginReason === 'CONTRACT_END_MOVE') moved.set(d.personId, (moved.get(d.personId) ?? 0) + 1);
      }
      expect(moved.size).toBe(25);
      expect([...recordedAt]).toEqual(['2020-01-01T12:00:00+01:00', '2024-09-01T12:00:00+01:00']);
      expect([...moved.values()].every((count) => count === 1)).toBe(true);
      expect(restarted.view.links.countOn('L-V', '2024-10-01')).toBe(25);
      expect(restarted.view.links.countOn('L-A', '2024-10-01')).toBe(0);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('operations over many people after a crash (issue 13)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flr-resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const clockAt = (instant: string) => () => new Date(instant);

  async function listOf(processor: CommandProcessor, contractId: string, persons: number, born: string) {
    await processor.execute(contract(contractId, { maxPatients: 100 }), at('2020-01-01'));
    for (let i = 0; i < persons; i++) {
      const n = nin(`${born}-${String(i + 1).padStart(2, '0')}`);
      await processor.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2020-01-01'));
      await processor.execute({ type: 'AssignPatient', nin: n, contractId }, at('2020-01-01'));
    }
  }

  async function logOf(store: EventStore) {
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    return events;
  }

  it("a reduction cut short: the moves finished at start-up carry the decision's record time and command, and a resend answers after the last move", async () => {
    let store = await openEmbeddedEventStore({ path: dir });
    const first = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await listOf(first, 'R-A', 24, '1968-03');
    await first.execute(contract('R-B', { maxPatients: 100 }), at('2020-01-01'));
    const reduce: RegisterCommand = {
      type: 'ReduceList',
      contractId: 'R-A',
      count: 20,
      toContractId: 'R-B',
      effectiveFrom: '2024-11-01',
      seed: 'resume',
    };
    const dying = new CommandProcessor({ store: dyingAfter(store, 6), rules: DEFAULT_REGISTER_RULES });
    await expect(dying.execute(reduce, at('2024-09-02', 'reduce-1'))).rejects.toThrow('process killed');
    await store.close();

    store = await openEmbeddedEventStore({ path: dir });
    try {
      const restarted = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        clock: clockAt('2025-02-03T09:00:00Z'),
      });
      await restarted.start();
      const log = await logOf(store);
      const moves = log.filter(
        (e) =>
          e.type === 'PatientListed' && (e.data as { beginReason: string }).beginReason === 'REDUCTION_MOVE',
      );
      expect(moves).toHaveLength(20);
      for (const move of moves)
        expect(move.metadata).toMatchObject({
          registeredAt: '2024-09-02T12:00:00+01:00',
          commandId: 'reduce-1',
        });
      const again = await restarted.execute(reduce, at('2024-09-02', 'reduce-1'));
      expect(again.position).toBe(String(moves.at(-1)!.position));
      expect(restarted.view.links.countOn('R-B', '2024-11-01')).toBe(20);
    } finally {
      await store.close();
    }
  });

  it('a daily job cut short: resending its commandId places everyone before it answers, under the first run’s record time', async () => {
    let store = await openEmbeddedEventStore({ path: dir });
    const first = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await first.execute(contract('J-1', { maxPatients: 100 }), at('2020-01-01'));
    for (let i = 0; i < 18; i++) {
      const n = nin(`1971-05-${String(i + 1).padStart(2, '0')}`);
      await first.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2024-03-02'));
    }
    const job: RegisterCommand = { type: 'RunDailyJob', date: '2024-03-05' };
    const meta: CommandMeta = { actor: 'spec', commandId: 'daily-1' };
    const firstRun = '2024-03-05T01:00:00.000Z';
    const dying = new CommandProcessor({
      store: dyingAfter(store, 5),
      rules: DEFAULT_REGISTER_RULES,
      clock: clockAt(firstRun),
    });
    await expect(dying.execute(job, meta)).rejects.toThrow('process killed');
    await store.close();

    store = await openEmbeddedEventStore({ path: dir });
    try {
      const restarted = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        clock: clockAt('2024-03-05T07:30:00.000Z'),
      });
      const outcome = await restarted.execute(job, meta);
      expect(outcome.events.map((e) => e.type)).toContain('DailyJobCompleted');
      expect(restarted.view.links.countOn('J-1', '2024-04-01')).toBe(18);
      const placements = (await logOf(store)).filter((e) => e.type === 'PatientListed');
      expect(placements).toHaveLength(18);
      for (const placement of placements)
        expect(placement.metadata).toMatchObject({ registeredAt: firstRun, commandId: 'daily-1' });
      expect(outcome.position).toBe(String(await store.headPosition()));
      // A second resend changes nothing and answers the same.
      expect(await restarted.execute(job, meta)).toEqual(outcome);
    } finally {
      await store.close();
    }
  });
});

describe('idempotency across a restart (issue 13)', () => {
  it('a commandId refused before a restart is refused the same way after it, even once the command could succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-refusals-'));
    const indexPath = join(dir, 'idempotency', 'outcomes');
    try {
      let store = await openEmbeddedEventStore({ path: join(dir, 'events') });
      const first = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        outcomes: LmdbOutcomeIndex.open(indexPath),
      });
      const n = nin('1980-02-14');
      await first.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2024-01-02'));
      const assign: RegisterCommand = { type: 'AssignPatient', nin: n, contractId: 'LATER' };
      const refused = await first.execute(assign, at('2024-01-03', 'assign-1')).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UNKNOWN_CONTRACT' });
      await first.stop();
      await store.close();

      store = await openEmbeddedEventStore({ path: join(dir, 'events') });
      const restarted = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        outcomes: LmdbOutcomeIndex.open(indexPath),
      });
      await restarted.start();
      await restarted.execute(contract('LATER', { maxPatients: 50 }), at('2024-01-04'));
      const head = await store.headPosition();
      const again = await restarted.execute(assign, at('2024-01-03', 'assign-1')).catch((e: unknown) => e);
      expect(again).toMatchObject({
        name: (refused as Error).name,
        code: 'UNKNOWN_CONTRACT',
        message: (refused as Error).message,
      });
      const other = await restarted
        .execute({ ...assign, contractId: 'OTHER' }, at('2024-01-03', 'assign-1'))
        .catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await store.headPosition()).toBe(head);
      await restarted.stop();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
