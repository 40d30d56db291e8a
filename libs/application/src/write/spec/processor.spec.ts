import type { AppendOptions, AppendResult, EventData, EventStore } from '@flr/event-store';
import { DEFAULT_REGISTER_RULES, RuleRefusal } from '@flr/domain';
import { InMemoryEventStore, nin } from '@flr/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor } from '../command-processor';
import { LmdbOutcomeIndex } from '../outcome-index';
import type { CommandMeta, RegisterCommand } from '../commands';
import { contract, filled } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

async function run(p: CommandProcessor, facts: { command: RegisterCommand; registeredAt: string }[]) {
  for (const f of facts) await p.execute(f.command, { actor: 'spec', registeredAt: f.registeredAt });
}

/** A store that "crashes" (throws) on the n-th append, as a process killed mid-way would. */
function crashingAfter(store: EventStore, appends: number): EventStore {
  let left = appends;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'appendToStream') {
        return (
          stream: string,
          events: readonly EventData[],
          options?: AppendOptions,
        ): Promise<AppendResult> => {
          if (left-- <= 0) return Promise.reject(new Error('simulated crash'));
          return target.appendToStream(stream, events, options);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('the single-writer command processor', () => {
  it('answers a repeated commandId with the first outcome and writes nothing', async () => {
    const store = new InMemoryEventStore();
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    const first = await p.execute({ ...contract('L-A') }, at('2024-01-01', 'c-1'));
    const head = await store.headPosition();
    const again = await p.execute({ ...contract('L-A') }, at('2024-01-01', 'c-1'));
    expect(again).toEqual(first);
    expect(await store.headPosition()).toBe(head);
    // A refusal is also answered again, and a restarted writer still knows the accepted one.
    await expect(p.execute({ ...contract('L-A') }, at('2024-01-02', 'c-2'))).rejects.toBeInstanceOf(
      RuleRefusal,
    );
    await expect(p.execute({ ...contract('L-B') }, at('2024-01-02', 'c-2'))).rejects.toBeInstanceOf(
      RuleRefusal,
    );
    const restarted = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await restarted.start();
    expect(await restarted.execute({ ...contract('L-A') }, at('2024-01-01', 'c-1'))).toEqual(first);
  });

  it('answers a resend exactly as the first answer, effective date included, also after a restart', async () => {
    const store = new InMemoryEventStore();
    const dir = mkdtempSync(join(tmpdir(), 'flr-answers-'));
    const outcomes = () => LmdbOutcomeIndex.open(join(dir, 'outcomes'));
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES, outcomes: outcomes() });
    await p.start();
    await p.execute(contract('L-A', { maxPatients: 20 }), at('2024-01-01'));
    const people = Array.from({ length: 3 }, (_, i) => nin(`1990-07-0${i + 1}`));
    for (const n of people)
      await p.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2024-02-01'));
    // The daily job places people (PatientListed) but has no effective date of its own;
    const job = await p.execute({ type: 'RunDailyJob', date: '2024-02-02' }, at('2024-02-02', 'job-1'));
    expect(job.events.filter((e) => e.type === 'PatientListed')).toHaveLength(3);
    expect(job.effectiveFrom).toBeUndefined();
    // a removal's effective date is the day the link ends (PatientUnlisted), not a listing's.
    const removal = await p.execute(
      { type: 'RemoveFromList', nin: people[0]!, contractId: 'L-A' },
      at('2024-03-10', 'remove-1'),
    );
    expect(removal.effectiveFrom).toBe('2024-04-01');
    expect(await p.execute({ type: 'RunDailyJob', date: '2024-02-02' }, at('2024-02-02', 'job-1'))).toEqual(
      job,
    );
    const sameRemoval = { type: 'RemoveFromList' as const, nin: people[0]!, contractId: 'L-A' };
    expect(await p.execute(sameRemoval, at('2024-03-10', 'remove-1'))).toEqual(removal);
    await p.stop();
    // The answer is kept with the outcome (not derived from the events again) across a restart.
    const restarted = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES, outcomes: outcomes() });
    await restarted.start();
    try {
      expect(await restarted.execute(sameRemoval, at('2024-03-10', 'remove-1'))).toEqual(removal);
      const jobAgain = { type: 'RunDailyJob' as const, date: '2024-02-02' };
      expect(await restarted.execute(jobAgain, at('2024-02-02', 'job-1'))).toEqual(job);
    } finally {
      await restarted.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('admits exactly 5 of 20 concurrent changes to a list with 5 free places', async () => {
    const store = new InMemoryEventStore();
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    await p.execute(contract('L-B', { maxPatients: 5 }), at('2024-01-01'));
    const people = Array.from({ length: 20 }, (_, i) => nin(`1980-02-${String(i + 1).padStart(2, '0')}`));
    for (const n of people)
      await p.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2024-01-01'));
    const results = await Promise.allSettled(
      people.map((n) => p.execute({ type: 'ChangeGp', nin: n, contractId: 'L-B' }, at('2024-03-15'))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => (r.reason as RuleRefusal).code === 'NO_CAPACITY')).toBe(true);
  });

  it('a reduction killed mid-way is finished by the restarted writer, each person moved exactly once', async () => {
    const store = new InMemoryEventStore();
    const setup = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await setup.start();
    await setup.execute(contract('L-A', { maxPatients: 40 }), at('2020-01-01'));
    await setup.execute(contract('L-B', { maxPatients: 40 }), at('2020-01-01'));
    await run(
      setup,
      filled('L-A', 30).map((f) => f as { command: RegisterCommand; registeredAt: string }),
    );
    // The decision and 7 person moves get through, then the process dies.
    const crashing = new CommandProcessor({ store: crashingAfter(store, 8), rules: DEFAULT_REGISTER_RULES });
    await crashing.start();
    const reduce: RegisterCommand = {
      type: 'ReduceList',
      contractId: 'L-A',
      count: 20,
      toContractId: 'L-B',
      effectiveFrom: '2024-11-01',
      seed: 'k',
    };
    await expect(crashing.execute(reduce, at('2024-09-15', 'r-1'))).rejects.toThrow('simulated crash');

    const restarted = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await restarted.start();
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    const ordered = events.filter((e) => e.type === 'ListReductionOrdered');
    expect(ordered).toHaveLength(1);
    const drawn = (ordered[0].data as { drawnPersonIds: string[] }).drawnPersonIds;
    expect(drawn).toHaveLength(20);
    const moves = events.filter(
      (e) =>
        e.type === 'PatientListed' && (e.data as { beginReason: string }).beginReason === 'REDUCTION_MOVE',
    );
    expect(moves.map((e) => (e.data as { personId: string }).personId).sort()).toEqual([...drawn].sort());
    // Re-running the same command id after the restart answers without moving anyone again.
    const head = await store.headPosition();
    await restarted.execute(reduce, at('2024-09-15', 'r-1'));
    expect(await store.headPosition()).toBe(head);
    expect(restarted.view.links.countOn('L-B', '2024-11-01')).toBe(20);
    expect(restarted.view.links.countOn('L-A', '2024-11-01')).toBe(10);
  });
});

describe('the daily job after a crash', () => {
  it('re-running the job for the same date places the rest, nobody twice', async () => {
    const store = new InMemoryEventStore();
    const setup = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await setup.start();
    await setup.execute(contract('L-A', { maxPatients: 20 }), at('2024-01-01'));
    const people = Array.from({ length: 8 }, (_, i) => nin(`1990-07-${String(i + 1).padStart(2, '0')}`));
    for (const n of people)
      await setup.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2024-02-01'));
    const dying = new CommandProcessor({ store: crashingAfter(store, 3), rules: DEFAULT_REGISTER_RULES });
    await dying.start();
    await expect(
      dying.execute({ type: 'RunDailyJob', date: '2024-02-02' }, at('2024-02-02')),
    ).rejects.toThrow('simulated crash');

    const restarted = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await restarted.start();
    await restarted.execute({ type: 'RunDailyJob', date: '2024-02-02' }, at('2024-02-02'));
    const placed: string[] = [];
    for await (const e of store.readAll())
      if (e.type === 'PatientListed') placed.push((e.data as { personId: string }).personId);
    expect(placed).toHaveLength(8);
    expect(new Set(placed).size).toBe(8);
  });
});
