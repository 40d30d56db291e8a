import { given, nin, on } from '@flr/testing';
import { assign, changeGp, daily, filled, person, twoLists } from './fixtures';

// R11/R12/R13a/R10: under 16 a parent sharing the address acts for the child, the child may join a
// parent's full list, and the daily job places the child with the parent; from the 16th birthday on
// the young person acts alone and is placed like any resident. Ages count on the day the command is
// registered (the daily job: its date), so both sides of every boundary are one day apart.
const TODAY = '2024-03-15';
const FIFTEEN = '2008-03-16'; // 16 tomorrow
const SIXTEEN = '2008-03-15'; // 16 today
const MOTHER = nin('1980-01-01', 6);

const household = (childBirth: string, mothersList = 'L-B') => {
  const child = nin(childBirth, 6);
  return {
    child,
    facts: [
      on('2020-01-01', person(MOTHER, { householdId: 'H', sex: 'female' })),
      on('2020-01-01', assign(MOTHER, mothersList)),
      on('2020-01-01', person(child, { householdId: 'H', parents: [MOTHER] })),
    ],
  };
};

describe('acting on one’s own behalf: the 16th birthday (R11, R12)', () => {
  it('the day before the 16th birthday only the parent may change the GP', async () => {
    const { child, facts } = household(FIFTEEN);
    await given(...twoLists(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    await given(...twoLists(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A', MOTHER)))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', from: '2024-04-01' } }]);
  });

  it('on the 16th birthday the young person changes alone and the parent may not', async () => {
    const { child, facts } = household(SIXTEEN);
    await given(...twoLists(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', from: '2024-04-01', requestedBy: null } }]);
    await given(...twoLists(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A', MOTHER)))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });

  it('age counts on the registration day: 16 only on the effective date still needs the parent', async () => {
    const { child, facts } = household('2008-03-20');
    await given(...twoLists(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
  });
});

describe('a child on a parent’s full list: the 16th birthday (R13a)', () => {
  // L-A has three places: the mother and two others fill it.
  const fullA = () => [...twoLists(3, 10), ...filled('L-A', 2)];

  it('the day before the 16th birthday the child may join the parent’s full list', async () => {
    const { child, facts } = household(FIFTEEN, 'L-A');
    await given(...fullA(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A', MOTHER)))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', beginReason: 'CHILD_WITH_PARENT' } }]);
  });

  it('on the 16th birthday the full list refuses the young person', async () => {
    const { child, facts } = household(SIXTEEN, 'L-A');
    await given(...fullA(), ...facts)
      .when(on(TODAY, changeGp(child, 'L-A')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });
});

describe('the daily job places an unassigned child with a parent until the 16th birthday (R10, R11)', () => {
  async function placedChild(childBirth: string) {
    const { child, facts } = household(childBirth);
    const { events, processor } = await given(...twoLists(), ...facts)
      .when(on(TODAY, daily(TODAY)))
      .thenEvents();
    const childId = processor.view.ninIndex.get(child);
    return events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => e.data as { personId: string; contractId: string; beginReason: string })
      .filter((d) => d.personId === childId)
      .map(({ contractId, beginReason }) => ({ contractId, beginReason }));
  }

  it('the day before the 16th birthday: onto the mother’s list, as her child', async () => {
    expect(await placedChild(FIFTEEN)).toEqual([{ contractId: 'L-B', beginReason: 'CHILD_WITH_PARENT' }]);
  });

  it('on the 16th birthday: placed as a resident of their own, on the first list with room', async () => {
    expect(await placedChild(SIXTEEN)).toEqual([{ contractId: 'L-A', beginReason: 'AUTO_NEW_RESIDENT' }]);
  });
});
