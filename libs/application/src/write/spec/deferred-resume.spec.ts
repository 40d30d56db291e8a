import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import { InMemoryEventStore, nin } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import type { CommandMeta, RegisterCommand } from '../commands';
import { contract } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/** Fails the writer's appends after `n` succeed, as a process dying mid-way would. */
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

async function reductionMoves(store: EventStore): Promise<number> {
  let moves = 0;
  for await (const e of store.readAll())
    if (e.type === 'PatientListed' && (e.data as { beginReason: string }).beginReason === 'REDUCTION_MOVE')
      moves++;
  return moves;
}

/** A reduction of 12 patients from D-A to D-B cut short after 4 appends: a half-done decision in the log. */
async function halfDoneReduction(store: EventStore): Promise<void> {
  const setup = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
  await setup.execute(contract('D-A', { maxPatients: 100 }), at('2020-01-01'));
  await setup.execute(contract('D-B', { maxPatients: 100 }), at('2020-01-01'));
  for (let i = 0; i < 15; i++) {
    const n = nin(`1966-07-${String(i + 1).padStart(2, '0')}`);
    await setup.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2020-01-01'));
    await setup.execute({ type: 'AssignPatient', nin: n, contractId: 'D-A' }, at('2020-01-01'));
  }
  const reduce: RegisterCommand = {
    type: 'ReduceList',
    contractId: 'D-A',
    count: 12,
    toContractId: 'D-B',
    effectiveFrom: '2024-11-01',
    seed: 'deferred',
  };
  const dying = new CommandProcessor({ store: dyingAfter(store, 4), rules: DEFAULT_REGISTER_RULES });
  await expect(dying.execute(reduce, at('2024-09-02', 'reduce-deferred'))).rejects.toThrow('process killed');
}

describe('resuming half-done decisions only when told (API replicas: the lease holder resumes)', () => {
  it('a processor told to wait starts without moving anyone, and moves each remaining patient once when told', async () => {
    const store = new InMemoryEventStore();
    await halfDoneReduction(store);
    const before = await reductionMoves(store);
    expect(before).toBeLessThan(12);

    const follower = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    follower.resumeDecisionsOnlyWhenTold();
    await follower.start();
    expect(await reductionMoves(store)).toBe(before);
    expect(follower.view.decisions.unfinished()).toHaveLength(1);

    expect(await follower.resumeDecisions()).toBe(1);
    expect(await reductionMoves(store)).toBe(12);
    expect(follower.view.decisions.unfinished()).toHaveLength(0);
    expect(follower.view.links.countOn('D-B', '2024-11-01')).toBe(12);
    // Nothing left: a second call (a later takeover) takes up nothing and moves nobody again.
    expect(await follower.resumeDecisions()).toBe(0);
    expect(await reductionMoves(store)).toBe(12);
  });

  it('by default start resumes them itself (a single writer without a lease)', async () => {
    const store = new InMemoryEventStore();
    await halfDoneReduction(store);
    const writer = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await writer.start();
    expect(await reductionMoves(store)).toBe(12);
  });

  it('resumeDecisions catches up first: a decision another writer left after this start is taken up', async () => {
    const store = new InMemoryEventStore();
    const follower = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    follower.resumeDecisionsOnlyWhenTold();
    await follower.start();
    await halfDoneReduction(store);
    expect(await follower.resumeDecisions()).toBe(1);
    expect(await reductionMoves(store)).toBe(12);
  });
});
