import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import type { AppendOptions, AppendResult, EventData, EventStore } from '@flr/event-store';
import { InMemoryEventStore, nin } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import type { CommandMeta, CommandOutcome, RegisterCommand } from '../commands';
import { SLICE_PERSONS } from '../write-session';
import { WriterTurns } from '../writer-turns';
import { assign, contract, daily, person } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/** `n` distinct adults born 1970-1971. */
const residents = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    nin(
      `${1970 + Math.floor(i / 336)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}`,
    ),
  );

/** A store that calls `hook` before its n-th append once armed (to send a command while long work runs). */
function withHookAt(store: EventStore, n: number, hook: () => void) {
  let armed = false;
  let appends = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'appendToStream')
        return (
          stream: string,
          events: readonly EventData[],
          options?: AppendOptions,
        ): Promise<AppendResult> => {
          if (armed && ++appends === n) hook();
          return target.appendToStream(stream, events, options);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, arm: () => (armed = true) };
}

const personOf = (outcome: CommandOutcome) =>
  outcome.events.find((e) => e.stream.startsWith('person-'))!.stream.slice('person-'.length);

async function listings(store: EventStore) {
  const byPerson = new Map<string, string[]>();
  for await (const e of store.readAll({ fromPosition: 'start' })) {
    if (e.type !== 'PatientListed') continue;
    const d = e.data as { personId: string; contractId: string };
    byPerson.set(d.personId, [...(byPerson.get(d.personId) ?? []), d.contractId]);
  }
  return byPerson;
}

/** Oslo lists L-A (room for everyone) and L-B, and `n` unassigned residents registered 2024-03-02. */
async function register(p: CommandProcessor, n: number): Promise<string[]> {
  await p.execute(contract('L-A', { maxPatients: 2000 }), at('2024-01-01'));
  await p.execute(contract('L-B', { maxPatients: 2000 }), at('2024-01-01'));
  const nins = residents(n);
  for (const value of nins) await p.execute(person(value), at('2024-03-02'));
  return nins;
}

describe('long work runs in slices (issue 13: commands answered while the daily job runs)', () => {
  it('the writer turns: queued work runs between the slices of long work, in arrival order', async () => {
    const turns = new WriterTurns();
    const trace: string[] = [];
    const long = turns.run(async (yieldTurn) => {
      trace.push('slice 1');
      void turns.run(async () => void trace.push('a'));
      void turns.run(async () => void trace.push('b'));
      await yieldTurn();
      trace.push('slice 2');
      await yieldTurn(); // nobody waiting: keeps the turn
      trace.push('slice 3');
    });
    const after = turns.run(async () => void trace.push('c'));
    await Promise.all([long, after]);
    // `c` came before `a` and `b` (queued while slice 1 ran), so it goes first.
    expect(trace).toEqual(['slice 1', 'c', 'a', 'b', 'slice 2', 'slice 3']);
    await turns.idle();
  });

  it('a command sent during a 300-person daily job is decided between its slices, against the placements made so far', async () => {
    let sent: Promise<CommandOutcome> | undefined;
    const late = residents(301)[300]!;
    const { store, arm } = withHookAt(new InMemoryEventStore(), 3 * SLICE_PERSONS, () => {
      sent = p.execute(person(late), at('2024-03-06'));
    });
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    await register(p, 300);
    arm();
    const job = await p.execute(daily('2024-03-05'), at('2024-03-05'));
    const command = await sent!;
    // The command's event lies inside the job's events: it did not wait for the job's end.
    expect(job.events.length).toBeGreaterThan(300);
    expect(BigInt(command.position)).toBeLessThan(BigInt(job.position));
    const placed = await listings(store);
    expect(placed.size).toBe(300);
    expect([...placed.values()].every((lists) => lists.length === 1)).toBe(true);
    // The job's answer covers every one of its events.
    const last = await store.headPosition();
    expect(BigInt(job.position)).toBe(last);
  });

  it('a person assigned or opted out between slices is not placed again by the job’s later slices', async () => {
    const nins = residents(300);
    const taken = nins[299]!;
    const optedOut = nins[298]!;
    const slipped: Promise<CommandOutcome>[] = [];
    const { store, arm } = withHookAt(new InMemoryEventStore(), 2 * SLICE_PERSONS, () => {
      slipped.push(p.execute(assign(taken, 'L-B'), at('2024-03-06')));
      slipped.push(p.execute({ type: 'OptOut', nin: optedOut } as RegisterCommand, at('2024-03-06')));
    });
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    await register(p, 300);
    arm();
    const job = await p.execute(daily('2024-03-05'), at('2024-03-05'));
    const [assigned, opted] = await Promise.all(slipped);
    expect(BigInt(assigned!.position)).toBeLessThan(BigInt(job.position));
    const placed = await listings(store);
    expect(placed.get(personOf(assigned!))).toEqual(['L-B']);
    expect(placed.has(personOf(opted!))).toBe(false);
    expect([...placed.values()].every((lists) => lists.length === 1)).toBe(true);
    expect([...placed.values()].filter((l) => l[0] === 'L-A')).toHaveLength(298);
  });

  it('a resend of the daily job while it runs waits for it and answers the same outcome, placing nobody twice', async () => {
    let resent: Promise<CommandOutcome> | undefined;
    const { store, arm } = withHookAt(new InMemoryEventStore(), 2 * SLICE_PERSONS, () => {
      resent = p.execute(daily('2024-03-05'), at('2024-03-05', 'job-1'));
    });
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    await register(p, 120);
    arm();
    const first = await p.execute(daily('2024-03-05'), at('2024-03-05', 'job-1'));
    const again = await resent!;
    expect(again.position).toBe(first.position);
    expect(again.events).toEqual(first.events);
    const placed = await listings(store);
    expect(placed.size).toBe(120);
    expect([...placed.values()].every((lists) => lists.length === 1)).toBe(true);
  });

  it('a reduction moving many people lets a command in between its slices and still moves its whole count', async () => {
    let sent: Promise<CommandOutcome> | undefined;
    const nins = residents(200);
    const { store, arm } = withHookAt(new InMemoryEventStore(), 2 * SLICE_PERSONS, () => {
      sent = p.execute(person(residents(201)[200]!), at('2024-06-03'));
    });
    const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await p.start();
    await p.execute(contract('L-A', { maxPatients: 2000 }), at('2024-01-01'));
    await p.execute(contract('L-B', { maxPatients: 2000 }), at('2024-01-01'));
    for (const value of nins) {
      await p.execute(person(value), at('2024-01-02'));
      await p.execute(assign(value, 'L-A'), at('2024-01-02'));
    }
    arm();
    const reduction = await p.execute(
      { type: 'ReduceList', contractId: 'L-A', count: 150, toContractId: 'L-B', effectiveFrom: '2024-07-01' },
      at('2024-06-02'),
    );
    const command = await sent!;
    expect(BigInt(command.position)).toBeLessThan(BigInt(reduction.position));
    const moved = reduction.events.filter((e) => e.stream.startsWith('person-'));
    expect(new Set(moved.map((e) => e.stream)).size).toBe(150);
  });
});
