import { householdClusters, type ReductionMember } from '@flr/domain';
import { given, nin, on } from '@flr/testing';
import { assign, person, twoLists } from './fixtures';

// R12/R31: in a list reduction a child under 16 is family and goes with the household; from 16 a
// young person is drawn alone, and so is a child of any age living with a parent. An 18-year-old
// without a parent link in the household is one of its adults. Ages count on the draw date (the
// reduction's effective date), not on the day the reduction is registered.
const DRAW_DATE = '2024-11-01';
const parent: ReductionMember = { personId: 'parent', householdId: 'H', birthDate: '1980-01-01' };
const member = (birthDate: string, parentIds?: string[]): ReductionMember => ({
  personId: 'young',
  householdId: 'H',
  birthDate,
  parentIds,
});

describe('list reductions: the age boundaries of family (R12, R31)', () => {
  it('a child whose 16th birthday is the day after the draw date is family', () => {
    expect(householdClusters([parent, member('2008-11-02', ['parent'])], DRAW_DATE)).toEqual([
      ['parent', 'young'],
    ]);
  });

  it('a child who turns 16 on the draw date itself is drawn alone', () => {
    expect(householdClusters([parent, member('2008-11-01', ['parent'])], DRAW_DATE)).toEqual([
      ['parent'],
      ['young'],
    ]);
  });

  it('without a parent link: 16 and 17 are drawn alone, 15 is family', () => {
    expect(householdClusters([parent, member('2008-11-02')], DRAW_DATE)).toEqual([['parent', 'young']]);
    expect(householdClusters([parent, member('2008-11-01')], DRAW_DATE)).toEqual([['parent'], ['young']]);
    expect(householdClusters([parent, member('2006-11-02')], DRAW_DATE)).toEqual([['parent'], ['young']]);
  });

  it('without a parent link an 18-year-old is one of the household’s adults, from the 18th birthday on', () => {
    expect(householdClusters([parent, member('2006-11-01')], DRAW_DATE)).toEqual([['parent', 'young']]);
  });

  it('with a parent link in the household, an 18-year-old child is still drawn alone', () => {
    expect(householdClusters([parent, member('2006-11-01', ['parent'])], DRAW_DATE)).toEqual([
      ['parent'],
      ['young'],
    ]);
  });
});

describe('list reductions through the command processor: 16 on the draw date (R12, R31)', () => {
  const mother = nin('1980-01-01', 4);

  /** L-A holds exactly one household: the mother and her child. A reduction by one person. */
  async function drawnFromHousehold(childBirth: string): Promise<string[]> {
    const child = nin(childBirth, 4);
    const { events, processor } = await given(
      ...twoLists(10, 10),
      on('2020-01-02', person(mother, { householdId: 'H', sex: 'female' })),
      on('2020-01-02', person(child, { householdId: 'H', parents: [mother] })),
      on('2020-01-02', assign(mother, 'L-A')),
      on('2020-01-02', assign(child, 'L-A')),
    )
      .when(
        on('2024-09-15', {
          type: 'ReduceList',
          contractId: 'L-A',
          count: 1,
          toContractId: 'L-B',
          effectiveFrom: DRAW_DATE,
          seed: 'age-boundary',
        }),
      )
      .thenEvents();
    expect(events[0].type).toBe('ListReductionOrdered');
    const drawn = (events[0].data as { drawnPersonIds: string[] }).drawnPersonIds;
    const ids = new Map([
      [processor.view.ninIndex.get(mother), 'mother'],
      [processor.view.ninIndex.get(child), 'child'],
    ]);
    return drawn.map((id) => ids.get(id) ?? id).sort();
  }

  it('a child who is 15 on the draw date goes with the mother: the whole household is moved', async () => {
    expect(await drawnFromHousehold('2008-11-02')).toEqual(['child', 'mother']);
  });

  it('a child who is 15 when the reduction is registered but 16 on the draw date is drawn alone', async () => {
    const drawn = await drawnFromHousehold('2008-11-01');
    expect(drawn).toHaveLength(1);
    expect(['child', 'mother']).toContain(drawn[0]);
  });
});
