import { given, nin, on } from '@flr/testing';
import { assign, changeGp, filled, joinWaiting, P, person, twoLists } from './fixtures';

const MOTHER = nin('1980-01-01', 0);
const FATHER = nin('1979-01-01', 1);
const family = (childBirth: string, household = 'H1') => {
  const child = nin(childBirth, 3);
  return {
    child,
    facts: [
      on('2020-01-01', person(MOTHER, { householdId: 'H1', sex: 'female' })),
      on('2020-01-01', person(FATHER, { householdId: 'H2', sex: 'male' })),
      on('2020-01-01', assign(MOTHER, 'L-B')),
      on('2020-01-01', person(child, { householdId: household, parents: [MOTHER, FATHER] })),
    ],
  };
};

describe('registering a person: NINs resolved and parsed (R46, §1.1–§1.5); the entitlement rules are in libs/domain/src/person', () => {
  it('refuses registering a nin twice, and refuses bad identifiers', async () => {
    await given(on('2024-01-01', person(P)))
      .when(on('2024-01-02', person(P)))
      .thenRefuses('ALREADY_REGISTERED', 'R46');
    await given()
      .when(on('2024-01-02', person('15038512364')))
      .thenRefuses('INVALID_NIN');
    await given()
      .when(on('2024-01-02', person('15438512346')))
      .thenRefuses('NOT_A_REGISTER_ID');
  });

  it('refuses a number whose holder is not born yet on the day of registration, as a new person or a new number', async () => {
    const unborn = nin('2024-01-03');
    await given()
      .when(on('2024-01-02', person(unborn)))
      .thenRefuses('INVALID_NIN');
    // Registered on the day it encodes: a newborn.
    await given()
      .when(on('2024-01-03', person(unborn)))
      .then([{ type: 'PersonRegistered', data: { birthDate: '2024-01-03' } }]);
    await given(on('2024-01-01', person(P)))
      .when(on('2024-01-02', { type: 'ChangeNin', nin: P, newNin: unborn }))
      .thenRefuses('INVALID_NIN');
  });
});

describe('children and young people (R10–R13a)', () => {
  it('a parent sharing the address acts for a child of 15', async () => {
    const { child, facts } = family('2008-03-16');
    await given(...twoLists(), ...facts)
      .when(on('2024-03-15', changeGp(child, 'L-A', MOTHER)))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', beginReason: 'CHOICE' } }]);
  });

  it('a child of 15 cannot act alone, nor through a parent at another address', async () => {
    const { child, facts } = family('2008-03-16');
    await given(...twoLists(), ...facts)
      .when(on('2024-03-15', changeGp(child, 'L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    await given(...twoLists(), ...facts)
      .when(on('2024-03-15', changeGp(child, 'L-A', FATHER)))
      .thenRefuses('NOT_AUTHORISED', 'R11');
  });

  it('at 16 the young person acts alone and a parent may no longer (R12)', async () => {
    const { child, facts } = family('2008-03-15');
    await given(...twoLists(), ...facts)
      .when(on('2024-03-15', changeGp(child, 'L-A')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A' } }]);
    await given(...twoLists(), ...facts)
      .when(on('2024-03-15', changeGp(child, 'L-A', MOTHER)))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });

  it('waiting lists: a parent at the same address queues a child of 15, not one of 16 nor from another address (R21, R11, R12)', async () => {
    const young = family('2008-03-16');
    const events = await given(...twoLists(), ...young.facts)
      .when(on('2024-03-15', joinWaiting(young.child, 'L-A', MOTHER)))
      .then([{ type: 'WaitingListJoined', data: { contractId: 'L-A' } }]);
    expect((events[0].data as { requestedBy: string | null }).requestedBy).toEqual(expect.any(String));
    await given(...twoLists(), ...young.facts)
      .when(on('2024-03-15', joinWaiting(young.child, 'L-A', FATHER)))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    await given(...twoLists(), ...young.facts)
      .when(on('2024-03-15', joinWaiting(young.child, 'L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    const sixteen = family('2008-03-15');
    await given(...twoLists(), ...sixteen.facts)
      .when(on('2024-03-15', joinWaiting(sixteen.child, 'L-A', MOTHER)))
      .thenRefuses('NOT_AUTHORISED', 'R12');
    await given(...twoLists(), ...sixteen.facts)
      .when(on('2024-03-15', joinWaiting(sixteen.child, 'L-A')))
      .then([{ type: 'WaitingListJoined', data: { requestedBy: null } }]);
  });

  it('the daily job places a child with the parent at the same address (R11), the father when he is that parent', async () => {
    // Custody shared, addresses differ: the child lives with the father (H2).
    const { child, facts } = family('2018-05-05', 'H2');
    const { events, processor } = await given(
      ...twoLists(),
      ...facts,
      on('2020-01-01', assign(FATHER, 'L-A')),
    )
      .when(on('2024-03-15', { type: 'RunDailyJob', date: '2024-03-15' }))
      .thenEvents();
    const placed = events.filter((e) => e.type === 'PatientListed').map((e) => e.data);
    expect(placed).toEqual([
      expect.objectContaining({
        personId: processor.view.ninIndex.get(child),
        contractId: 'L-A',
        beginReason: 'CHILD_WITH_PARENT',
      }),
    ]);
    // Same address as the mother: the mother's list (L-B).
    const withMother = family('2018-05-05', 'H1');
    const second = await given(...twoLists(), ...withMother.facts, on('2020-01-01', assign(FATHER, 'L-A')))
      .when(on('2024-03-15', { type: 'RunDailyJob', date: '2024-03-15' }))
      .thenEvents();
    expect(second.events.filter((e) => e.type === 'PatientListed').map((e) => e.data)).toEqual([
      expect.objectContaining({ contractId: 'L-B', beginReason: 'CHILD_WITH_PARENT' }),
    ]);
  });

  it('a family registered together: the parents are placed and the child goes with the mother, not to a list of its own', async () => {
    const mother = nin('1985-05-05', 8);
    const father = nin('1984-05-05', 9);
    const child = nin('2019-05-05', 8);
    // L-A has one place (taken by the longest-waiting, the father); the mother goes to L-B.
    const { events, processor } = await given(
      ...twoLists(1, 10),
      on('2024-03-01', person(father, { householdId: 'F', sex: 'male' })),
      on('2024-03-02', person(mother, { householdId: 'F', sex: 'female' })),
      on('2024-03-02', person(child, { householdId: 'F', parents: [mother, father] })),
    )
      .when(on('2024-03-03', { type: 'RunDailyJob', date: '2024-03-03' }))
      .thenEvents();
    const id = (value: string) => processor.view.ninIndex.get(value);
    const placed = events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => e.data as { personId: string; contractId: string; beginReason: string });
    expect(placed).toEqual([
      expect.objectContaining({ personId: id(father), contractId: 'L-A', beginReason: 'AUTO_NEW_RESIDENT' }),
      expect.objectContaining({ personId: id(mother), contractId: 'L-B', beginReason: 'AUTO_NEW_RESIDENT' }),
      expect.objectContaining({ personId: id(child), contractId: 'L-B', beginReason: 'CHILD_WITH_PARENT' }),
    ]);
  });

  it('a parent at the same address may opt a child under 16 out (R4); not from another address, not at 16', async () => {
    const young = family('2010-01-01');
    await given(...twoLists(), ...young.facts)
      .when(on('2024-03-15', { type: 'OptOut', nin: young.child, requestedBy: MOTHER }))
      .then([{ type: 'PersonOptedOut' }]);
    await given(...twoLists(), ...young.facts)
      .when(on('2024-03-15', { type: 'OptOut', nin: young.child, requestedBy: FATHER }))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    await given(
      ...twoLists(),
      ...young.facts,
      on('2024-03-15', { type: 'OptOut' as const, nin: young.child }),
    )
      .when(on('2024-04-15', { type: 'OptIn', nin: young.child, requestedBy: MOTHER }))
      .then([{ type: 'PersonOptedIn' }]);
    const sixteen = family('2008-03-15');
    await given(...twoLists(), ...sixteen.facts)
      .when(on('2024-03-15', { type: 'OptOut', nin: sixteen.child, requestedBy: MOTHER }))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });

  it('a child may join a parent’s full list (R13a); another full list is refused', async () => {
    const { child, facts } = family('2015-06-01');
    await given(...twoLists(10, 3), ...facts, ...filled('L-B', 2), on('2020-02-01', assign(child, 'L-A')))
      .when(on('2024-03-15', changeGp(child, 'L-B', MOTHER)))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { contractId: 'L-B', beginReason: 'CHILD_WITH_PARENT' } },
      ]);
    await given(...twoLists(3, 10), ...facts, ...filled('L-A', 3))
      .when(on('2024-03-15', changeGp(child, 'L-A', MOTHER)))
      .thenRefuses('NO_CAPACITY', 'R19');
  });
});
