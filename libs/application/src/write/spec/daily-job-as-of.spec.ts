import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { given, InMemoryEventStore, nin, on } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import { changeGp, contract, daily, filled, person } from './fixtures';

const U = nin('1966-06-06');

const types = (events: { type: string }[]) => events.map((e) => e.type);
const placedOn = (events: { type: string; data: unknown }[]) =>
  events.filter((e) => e.type === 'PatientListed').map((e) => (e.data as { contractId: string }).contractId);

describe('the daily job for a past date acts on facts registered up to the end of that day (API.md, defect 9)', () => {
  it('a list registered after the date takes nobody in that run; a run for a later date uses it', async () => {
    const facts = [
      on('2024-03-02', person(U)),
      on('2024-03-10', contract('L-LATE', { validFrom: '2024-01-01' })),
    ];
    const past = await given(...facts)
      .when(on('2024-03-11', daily('2024-03-03')))
      .thenEvents();
    expect(placedOn(past.events)).toEqual([]);
    const current = await given(...facts)
      .when(on('2024-03-11', daily('2024-03-11')))
      .thenEvents();
    expect(placedOn(current.events)).toEqual(['L-LATE']);
  });

  it('a ceiling raised after the date gives no place in that run, and its status is left to later runs', async () => {
    const facts = [
      on('2020-01-01', contract('L-A', { maxPatients: 1 })),
      ...filled('L-A', 1),
      on('2024-03-02', person(U)),
      on('2024-03-10', { type: 'ChangeListCeiling' as const, contractId: 'L-A', maxPatients: 20 }),
    ];
    const past = await given(...facts)
      .when(on('2024-03-11', daily('2024-03-03')))
      .thenEvents();
    expect(types(past.events)).toEqual(['DailyJobCompleted']);
    const current = await given(...facts)
      .when(on('2024-03-11', daily('2024-03-11')))
      .thenEvents();
    expect(placedOn(current.events)).toEqual(['L-A']);
  });

  it('a re-run for the same date sees its own first run: a list it opened is opened once', async () => {
    const facts = [
      on('2020-01-01', contract('L-A', { maxPatients: 1 })),
      ...filled('L-A', 1),
      on('2024-03-01', daily('2024-03-01')), // full: closed
      on('2024-03-03', { type: 'ChangeListCeiling' as const, contractId: 'L-A', maxPatients: 11 }),
    ];
    const first = await given(...facts)
      .when(on('2024-03-05', daily('2024-03-03')))
      .then([
        { type: 'ListStatusChanged', data: { status: 'open', by: 'daily-job' } },
        { type: 'DailyJobCompleted' },
      ]);
    expect(first).toHaveLength(2);
    await given(...facts, on('2024-03-05', daily('2024-03-03')))
      .when(on('2024-03-06', daily('2024-03-03')))
      .then([{ type: 'DailyJobCompleted', data: { placements: 0, statusChanges: 0 } }]);
  });
});

describe('the record time of a daily job run for a past date (defect 9)', () => {
  it('is the end of its date, not "now", so later-dated commands on what it placed are not backdated', async () => {
    const store = new InMemoryEventStore();
    const processor = new CommandProcessor({
      store,
      rules: DEFAULT_REGISTER_RULES,
      clock: () => new Date('2026-12-04T10:00:00Z'),
    });
    const at = (date: string) => ({ actor: 'spec', registeredAt: `${date}T12:00:00+01:00` });
    await processor.execute(contract('L-A'), at('2024-01-01'));
    await processor.execute(contract('L-B'), at('2024-01-01'));
    await processor.execute(person(U), at('2024-03-02'));
    const job = await processor.execute(daily('2024-03-03'), { actor: 'spec' });
    const recorded: unknown[] = [];
    for await (const e of store.readAll())
      if (e.type !== 'ContractCreated' && e.type !== 'PersonRegistered')
        recorded.push(e.metadata?.registeredAt);
    // 23:59:59.999 in Oslo (UTC+1 in March before the switch).
    expect(new Set(recorded)).toEqual(new Set(['2024-03-03T22:59:59.999Z']));
    expect(job.events.map((e) => e.type)).toContain('PatientListed');
    const change = await processor.execute(changeGp(U, 'L-B'), at('2024-04-10'));
    expect(change.events.map((e) => e.type)).toEqual(['PatientUnlisted', 'PatientListed']);
  });

  it('is "now" for a run of today', async () => {
    const now = new Date('2024-03-03T10:00:00Z');
    const store = new InMemoryEventStore();
    const processor = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES, clock: () => now });
    await processor.execute(daily('2024-03-03'), { actor: 'spec' });
    const recorded: unknown[] = [];
    for await (const e of store.readAll()) recorded.push(e.metadata?.registeredAt);
    expect(recorded).toEqual([now.toISOString()]);
  });
});
