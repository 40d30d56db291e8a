import { contractCreated, contractSpec } from '../../testing';
import type { ReduceList, ReduceListFacts } from './reduce-list.command';
import { reduceList } from './reduce-list.decide';

const { given } = contractSpec(reduceList);
const reduce = (count: number, effectiveFrom = '2024-06-01'): ReduceList => ({
  type: 'ReduceList',
  reductionId: 'r-1',
  count,
  toContractId: 'L-B',
  effectiveFrom,
  seed: 'seed-1',
});
const member = (personId: string, householdId: string | null = null) => ({
  personId,
  householdId,
  birthDate: '1980-01-01',
  parentIds: [],
});
const facts = (more: Partial<ReduceListFacts> = {}): ReduceListFacts => ({
  members: [member('p1'), member('p2'), member('p3'), member('p4')],
  receiving: { exists: true, activeOnEffectiveDate: true },
  overshoot: 'accept',
  ...more,
});

describe('ReduceList (R30, R31)', () => {
  it('draws the count once and records the draw with its seed (replays never draw again)', () => {
    const [event] = given(contractCreated('L-A'))
      .when(reduce(2), facts())
      .then([{ type: 'ListReductionOrdered', data: { count: 2, seed: 'seed-1' } }]);
    const drawn = (event.data as { drawnPersonIds: string[] }).drawnPersonIds;
    expect(drawn).toHaveLength(2);
    expect(given(contractCreated('L-A')).when(reduce(2), facts()).thenEvents()[0].data).toMatchObject({
      drawnPersonIds: drawn,
    });
  });

  it('a household is drawn together (R31)', () => {
    const household = facts({ members: [member('a', 'H'), member('b', 'H'), member('c'), member('d')] });
    const [event] = given(contractCreated('L-A')).when(reduce(2), household).thenEvents();
    const drawn = (event.data as { drawnPersonIds: string[] }).drawnPersonIds;
    expect(drawn.includes('a')).toBe(drawn.includes('b'));
  });

  it('takes effect on the 1st of a month (R30), into a receiving list in force then (R34)', () => {
    given(contractCreated('L-A')).when(reduce(2, '2024-06-15'), facts()).thenRefuses('INVALID_INPUT');
    given(contractCreated('L-A'))
      .when(reduce(2), facts({ receiving: { exists: true, activeOnEffectiveDate: false } }))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    given(contractCreated('L-A'))
      .when(reduce(2), facts({ receiving: { exists: false, activeOnEffectiveDate: false } }))
      .thenRefuses('UNKNOWN_CONTRACT');
  });

  it('refuses a count larger than the patients who can be drawn, instead of emptying the list (R30)', () => {
    // Four members: asking for five would move everyone, which is a cancellation (R34b), not a reduction.
    given(contractCreated('L-A')).when(reduce(5), facts()).thenRefuses('REDUCTION_EXCEEDS_LIST', 'R30');
    given(contractCreated('L-A'))
      .when(reduce(1), facts({ members: [] }))
      .thenRefuses('REDUCTION_EXCEEDS_LIST', 'R30');
  });

  it('a count equal to the patients who can be drawn is the order as given: all of them move', () => {
    const [event] = given(contractCreated('L-A')).when(reduce(4), facts()).thenEvents();
    expect((event.data as { drawnPersonIds: string[] }).drawnPersonIds).toHaveLength(4);
  });
});
