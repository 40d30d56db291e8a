import { DEFAULT_REGISTER_RULES, liveLinks } from '@flr/domain';
import { InMemoryEventStore, nin } from '@flr/testing';
import fc from 'fast-check';
import { CommandProcessor } from '../command-processor';
import type { RegisterCommand } from '../commands';
import type { WriterView } from '../writer-view';
import { contract } from './fixtures';

const PEOPLE = Array.from({ length: 6 }, (_, i) => nin(`1980-0${i + 1}-15`));
const CHILD = nin('2015-05-05');
const LISTS = ['L-A', 'L-B', 'L-C'];
const DAYS = [
  '2024-01-10',
  '2024-01-25',
  '2024-02-03',
  '2024-02-28',
  '2024-03-01',
  '2024-04-17',
  '2024-06-30',
  '2024-12-20',
];

const who = fc.constantFrom(...PEOPLE);
const list = fc.constantFrom(...LISTS);
const command: fc.Arbitrary<RegisterCommand> = fc.oneof(
  fc.record({ type: fc.constant('ChangeGp' as const), nin: who, contractId: list }),
  fc.record({ type: fc.constant('JoinWaitingList' as const), nin: who, contractId: list }),
  fc.record({ type: fc.constant('AssignPatient' as const), nin: who, contractId: list }),
  fc.record({ type: fc.constant('OptOut' as const), nin: who }),
  fc.record({ type: fc.constant('OptIn' as const), nin: who }),
  fc.record({ type: fc.constant('RecordDeath' as const), nin: who, diedOn: fc.constantFrom(...DAYS) }),
  fc.record({
    type: fc.constant('RecordMove' as const),
    nin: who,
    municipality: fc.constantFrom('0301', '4601'),
    movedOn: fc.constantFrom(...DAYS),
  }),
  fc.record({
    type: fc.constant('ChangeListCeiling' as const),
    contractId: list,
    maxPatients: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ type: fc.constant('RunDailyJob' as const), date: fc.constantFrom(...DAYS) }),
  fc.record({
    type: fc.constant('ReduceList' as const),
    contractId: list,
    toContractId: list,
    count: fc.integer({ min: 1, max: 3 }),
    effectiveFrom: fc.constantFrom('2024-03-01', '2024-05-01'),
    seed: fc.string(),
  }),
);

/**
 * The refusals each command may give here (its rules, for the facts this property can create). A
 * refusal outside its command's list is a bug even when the invariants hold.
 */
const MAY_REFUSE: Readonly<Record<string, readonly string[]>> = {
  ChangeGp: [
    'ALREADY_ON_LIST',
    'BARRED_FROM_LIST',
    'CONTRACT_NOT_ACTIVE',
    'NOT_AUTHORISED',
    'NOT_ENTITLED',
    'NO_CAPACITY',
    'PERSON_NOT_RESIDENT',
    'YEARLY_LIMIT_REACHED',
  ],
  AssignPatient: [
    'ALREADY_ON_LIST',
    'BARRED_FROM_LIST',
    'CONTRACT_NOT_ACTIVE',
    'NOT_ENTITLED',
    'NO_CAPACITY',
    // a placement dated on or before the start of a link already in force (§2.6)
    'OVERLAPPING_PERIOD',
    'PERSON_NOT_RESIDENT',
  ],
  JoinWaitingList: [
    'ALREADY_ON_LIST',
    'ALREADY_ON_WAITING_LIST',
    'BARRED_FROM_LIST',
    'CONTRACT_NOT_ACTIVE',
    'NOT_AUTHORISED',
    'NOT_ENTITLED',
    'PERSON_NOT_RESIDENT',
    'YEARLY_LIMIT_REACHED',
  ],
  OptOut: ['ALREADY_OPTED_OUT', 'PERSON_NOT_RESIDENT'],
  OptIn: ['NOT_OPTED_OUT', 'PERSON_NOT_RESIDENT'],
  RecordDeath: ['PERSON_NOT_RESIDENT'],
  // a move dated before the last recorded move (it would overlap that residence)
  RecordMove: ['INVALID_INPUT', 'PERSON_NOT_RESIDENT'],
  ChangeListCeiling: ['CONTRACT_NOT_ACTIVE', 'INVALID_INPUT'],
  RunDailyJob: [],
  // the same list as source and target (INVALID_INPUT), or more patients than the list has (R30)
  ReduceList: ['CONTRACT_NOT_ACTIVE', 'INVALID_INPUT', 'REDUCTION_EXCEEDS_LIST'],
};

/** No person has two links in force on the same day; every queue entry matches the person's state. */
async function allPersons(view: WriterView) {
  const ids = [...new Set(view.ninIndex.values())].sort();
  return Promise.all(ids.map(async (id) => (await view.person(id))!));
}

async function checkInvariants(view: WriterView): Promise<void> {
  for (const person of await allPersons(view)) {
    const links = liveLinks(person).sort((a, b) => (a.from < b.from ? -1 : 1));
    for (let i = 1; i < links.length; i++) {
      expect(links[i - 1].to).not.toBeNull();
      expect(links[i - 1].to! <= links[i].from).toBe(true);
    }
    const queued = [...view.waiting.entries()].filter(([, q]) => q.has(person.personId)).map(([c]) => c);
    expect(queued).toEqual(person.waiting ? [person.waiting.contractId] : []);
  }
}

async function summary(view: WriterView) {
  return JSON.stringify({
    persons: await allPersons(view),
    contracts: [...view.contracts.entries()].sort(),
    counts: LISTS.map((l) => ['2024-02-01', '2024-05-01', '2025-01-01'].map((d) => view.links.countOn(l, d))),
  });
}

describe('write-side invariants under random command sequences', () => {
  it('links never overlap, queues agree with persons, and a rebuilt writer sees the same state', async () => {
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(command, fc.constantFrom(...DAYS)), { maxLength: 25 }),
        async (steps) => {
          const store = new InMemoryEventStore();
          const p = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
          await p.start();
          for (const l of LISTS)
            await p.execute(contract(l, { maxPatients: 3 }), {
              actor: 't',
              registeredAt: '2023-01-01T12:00:00Z',
            });
          for (const n of [...PEOPLE, CHILD]) {
            const extra =
              n === CHILD
                ? { parents: [PEOPLE[0]], householdId: 'H' }
                : n === PEOPLE[0]
                  ? { householdId: 'H', sex: 'female' as const }
                  : {};
            await p.execute(
              { type: 'RegisterPerson', nin: n, municipality: '0301', ...extra },
              { actor: 't', registeredAt: '2023-01-01T12:00:00Z' },
            );
          }
          const sorted = [...steps].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
          for (const [cmd, day] of sorted) {
            await p.execute(cmd, { actor: 't', registeredAt: `${day}T12:00:00+01:00` }).then(
              () => count(`${cmd.type} accepted`),
              (e: { code?: string }) => {
                if (!e.code) throw e;
                if (!MAY_REFUSE[cmd.type]!.includes(e.code))
                  throw new Error(`${cmd.type} refused with ${e.code}, which it cannot give`);
                count(`${cmd.type} ${e.code}`);
              },
            );
          }
          await checkInvariants(p.view);
          // A rebuilt writer with a tiny cache folds persons from their streams on demand.
          const rebuilt = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES, personCacheSize: 2 });
          await rebuilt.start();
          expect(await summary(rebuilt.view)).toEqual(await summary(p.view));
        },
      ),
      { numRuns: 100 },
    );
    // The property exercised both sides: commands accepted and refused for several reasons.
    const refusals = [...outcomes.keys()].filter((k) => !k.endsWith(' accepted'));
    expect([...outcomes.keys()].filter((k) => k.endsWith(' accepted')).length).toBeGreaterThanOrEqual(5);
    expect(refusals.length).toBeGreaterThanOrEqual(5);
  });
});
