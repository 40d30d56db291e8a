import { given, nin, on } from '@flr/testing';
import {
  assign,
  changeGp,
  contract,
  daily,
  filled,
  joinWaiting,
  P,
  person,
  pOnA,
  Q,
  twoLists,
} from './fixtures';

const listed = (events: { type: string; data: unknown }[]) =>
  events.filter((e) => e.type === 'PatientListed').map((e) => e.data as Record<string, unknown>);

describe('the daily job (§4.5, R7, R8, R14, R22)', () => {
  const q1 = nin('1975-01-01');
  const q2 = nin('1976-01-01');
  const queue = () => [
    ...twoLists(10, 2),
    ...filled('L-B', 2),
    on('2023-12-01', person(q1)),
    on('2023-12-01', assign(q1, 'L-A')),
    on('2023-12-01', person(q2)),
    on('2023-12-01', assign(q2, 'L-A')),
    on('2024-01-05', joinWaiting(q1, 'L-B')),
    on('2024-02-01', joinWaiting(q2, 'L-B')),
    on('2024-02-02', daily('2024-02-02')),
  ];

  it('a closed list stays closed with 9 free places and opens with 10 (R14)', async () => {
    const nine = await given(
      ...queue(),
      on('2024-04-30', { type: 'ChangeListCeiling', contractId: 'L-B', maxPatients: 11 }),
    )
      .when(on('2024-05-01', daily('2024-05-01')))
      .thenEvents();
    expect(nine.events.map((e) => e.type)).toEqual(['DailyJobCompleted']);
    const ten = await given(
      ...queue(),
      on('2024-04-30', { type: 'ChangeListCeiling', contractId: 'L-B', maxPatients: 12 }),
    )
      .when(on('2024-05-01', daily('2024-05-01')))
      .thenEvents();
    expect(ten.events[0]).toMatchObject({
      type: 'ListStatusChanged',
      data: { status: 'open', by: 'daily-job' },
    });
    // S22: first come first served, effective the 1st of the next month.
    expect(listed(ten.events)).toEqual([
      expect.objectContaining({ contractId: 'L-B', beginReason: 'WAITLIST', from: '2024-06-01' }),
      expect.objectContaining({ contractId: 'L-B', beginReason: 'WAITLIST', from: '2024-06-01' }),
    ]);
    // R22: each gets a letter naming the list and the start date.
    const letters = ten.events.filter((e) => e.type === 'LetterSent').map((e) => e.data);
    expect(letters).toEqual([
      expect.objectContaining({
        kind: 'WAITING_LIST_PLACED',
        contractIds: ['L-B'],
        effectiveFrom: '2024-06-01',
      }),
      expect.objectContaining({
        kind: 'WAITING_LIST_PLACED',
        contractIds: ['L-B'],
        effectiveFrom: '2024-06-01',
      }),
    ]);
    const ids = listed(ten.events).map((d) => d.personId);
    expect(ids).toEqual([ten.processor.view.ninIndex.get(q1), ten.processor.view.ninIndex.get(q2)]);
    expect(ten.events.find((e) => e.type === 'DailyJobCompleted')?.data).toMatchObject({ placements: 2 });
  });

  it('places unassigned residents before the waiting list (S23, R8)', async () => {
    const u1 = nin('1990-06-06');
    const { events } = await given(
      ...twoLists(1, 2),
      ...filled('L-B', 1),
      ...pOnA(),
      on('2023-11-01', joinWaiting(P, 'L-B')),
      on('2024-03-02', person(u1)),
    )
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({ contractId: 'L-B', beginReason: 'AUTO_NEW_RESIDENT', from: '2024-04-01' }),
    ]);
    expect(events.some((e) => e.type === 'WaitingListLeft')).toBe(false);
  });

  it('skips a waiting person with no change left and keeps the entry (R25)', async () => {
    const { events } = await given(
      ...twoLists(10, 3),
      on('2020-01-01', contract('L-C')),
      ...filled('L-B', 2),
      ...pOnA(),
      on('2024-01-10', changeGp(P, 'L-C')),
      on('2024-02-10', changeGp(P, 'L-A')),
      on('2024-02-11', joinWaiting(P, 'L-B')),
    )
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([]);
  });

  it('places a newborn on the mother’s full list (S28, R10)', async () => {
    const mother = nin('1990-01-01', 5);
    const baby = nin('2024-03-10');
    const { events } = await given(
      ...twoLists(1, 10),
      on('2020-01-01', person(mother, { householdId: 'H', sex: 'female' })),
      on('2020-01-01', assign(mother, 'L-A')),
      on('2024-03-12', person(baby, { householdId: 'H', parents: [mother] })),
    )
      .when(on('2024-03-12', daily('2024-03-12')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({ contractId: 'L-A', beginReason: 'NEWBORN', from: '2024-04-01' }),
    ]);
  });

  it('never auto-assigns the opted out or plain D-number holders (R4, §1.2)', async () => {
    const { events } = await given(
      ...twoLists(),
      ...pOnA(),
      on('2024-03-15', { type: 'OptOut', nin: P }),
      on('2024-03-15', person('55038512357')),
    )
      .when(on('2024-04-15', daily('2024-04-15')))
      .thenEvents();
    expect(listed(events)).toEqual([]);
  });

  it('makes the initial distribution for the 2001 start (S55)', async () => {
    const { events } = await given(on('2001-01-01', contract('L-A')), on('2001-01-02', person(Q)))
      .when(on('2001-03-01', daily('2001-03-01')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({ beginReason: 'INITIAL_2001', from: '2001-06-01' }),
    ]);
  });
});

describe('the daily job skips lists not in force', () => {
  it('a list starting later does not swallow the unassigned queue', async () => {
    const u = nin('1993-03-03');
    const { events } = await given(
      on('2024-01-01', contract('L-0', { validFrom: '2025-01-01' })),
      on('2024-01-01', contract('L-1')),
      on('2024-03-01', person(u)),
    )
      .when(on('2024-03-02', daily('2024-03-02')))
      .thenEvents();
    expect(listed(events)).toEqual([expect.objectContaining({ contractId: 'L-1' })]);
  });
});

describe('a place by another route ends the entry (R26)', () => {
  it('changing to the list one waits for withdraws the entry', async () => {
    await given(...twoLists(), ...pOnA(), on('2024-01-05', joinWaiting(P, 'L-B')))
      .when(on('2024-02-10', changeGp(P, 'L-B')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { contractId: 'L-B' } },
        { type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'LISTED_ELSEWHERE' } },
      ]);
  });
});
