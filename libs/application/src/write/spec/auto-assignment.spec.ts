import { given, nin, on } from '@flr/testing';
import { assign, BERGEN, contract, daily, OSLO, person, twoLists } from './fixtures';

const listed = (events: { type: string; data: unknown }[]) =>
  events.filter((e) => e.type === 'PatientListed').map((e) => e.data as Record<string, unknown>);

const autoAssign = (number: string, enabled: boolean) => ({
  type: 'SetAutoAssignment' as const,
  number,
  enabled,
});

describe('the municipality auto-assignment switch (R9, §2.8)', () => {
  const u = nin('1991-04-04');
  const mother = nin('1990-01-01', 5);
  const child = nin('2016-05-05');

  it('records the switch, and setting it to what it already is writes nothing', async () => {
    await given()
      .when(on('2024-03-01', autoAssign(OSLO, false)))
      .then([
        { type: 'MunicipalityAutoAssignToggled', data: { number: OSLO, enabled: false, on: '2024-03-01' } },
      ]);
    await given()
      .when(on('2024-03-01', autoAssign(OSLO, true)))
      .then([]);
    await given(on('2024-03-01', autoAssign(OSLO, false)))
      .when(on('2024-03-02', autoAssign(OSLO, false)))
      .then([]);
  });

  it('switched off: unassigned residents stay unassigned; other municipalities are unaffected', async () => {
    const b = nin('1992-05-05');
    const { events } = await given(
      ...twoLists(),
      on('2020-01-01', contract('L-BERGEN', { municipality: BERGEN })),
      on('2024-03-01', autoAssign(OSLO, false)),
      on('2024-03-02', person(u)),
      on('2024-03-02', person(b, { municipality: BERGEN })),
    )
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({ contractId: 'L-BERGEN', beginReason: 'AUTO_NEW_RESIDENT' }),
    ]);
  });

  it('switched off: a child under 16 still goes with a parent (R9 exception)', async () => {
    const { events } = await given(
      ...twoLists(),
      on('2020-01-01', person(mother, { householdId: 'H', sex: 'female' })),
      on('2020-01-01', assign(mother, 'L-B')),
      on('2024-03-01', autoAssign(OSLO, false)),
      on('2024-03-02', person(child, { householdId: 'H', parents: [mother] })),
      on('2024-03-02', person(u)),
    )
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({ contractId: 'L-B', beginReason: 'CHILD_WITH_PARENT', from: '2024-04-01' }),
    ]);
  });

  it('switched on again: the waiting unassigned are placed; the job acts as of its date', async () => {
    const facts = [
      ...twoLists(),
      on('2024-03-01', autoAssign(OSLO, false)),
      on('2024-03-02', person(u)),
      on('2024-05-10', autoAssign(OSLO, true)),
    ];
    // A job for a date before the switch-on still sees the switch off.
    const before = await given(...facts)
      .when(on('2024-05-10', daily('2024-05-09')))
      .thenEvents();
    expect(listed(before.events)).toEqual([]);
    const after = await given(...facts)
      .when(on('2024-05-10', daily('2024-05-10')))
      .thenEvents();
    expect(listed(after.events)).toEqual([
      expect.objectContaining({ beginReason: 'AUTO_NEW_RESIDENT', from: '2024-06-01' }),
    ]);
  });

  it('a manual placement (AssignPatient) is still possible while switched off', async () => {
    await given(...twoLists(), on('2024-03-01', autoAssign(OSLO, false)), on('2024-03-02', person(u)))
      .when(on('2024-03-03', assign(u, 'L-A')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', beginReason: 'HELFO_MANUAL' } }]);
  });

  it('the switch of a renumbered municipality follows its new code (§1.8)', async () => {
    const facts = [
      on('2019-06-01', {
        type: 'RenumberMunicipality' as const,
        number: '0219',
        newNumber: '3024',
        effectiveFrom: '2020-01-01',
      }),
      // Registered under the old code before the reform, unassigned after it.
      on('2019-12-02', person(u, { municipality: '0219' })),
      on('2020-01-02', contract('L-NEW', { municipality: '3024', validFrom: '2020-01-01' })),
    ];
    const switchedOn = await given(...facts)
      .when(on('2020-02-03', daily('2020-02-03')))
      .thenEvents();
    expect(listed(switchedOn.events)).toEqual([expect.objectContaining({ contractId: 'L-NEW' })]);
    const switchedOff = await given(...facts, on('2020-02-01', autoAssign('3024', false)))
      .when(on('2020-02-03', daily('2020-02-03')))
      .thenEvents();
    expect(listed(switchedOff.events)).toEqual([]);
  });

  it('D-number holders are never auto-assigned, even when entitled (§1.2, R2), but may be placed by hand', async () => {
    const asylum = { entitlement: 'asylum-seeker' as const };
    const facts = [...twoLists(), on('2024-03-02', person('55038512357', asylum))];
    const { events } = await given(...facts)
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([]);
    await given(...facts)
      .when(on('2024-03-03', assign('55038512357', 'L-A')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A' } }]);
  });

  it('a child does not wait for a parent whose municipality will not place them', async () => {
    const father = nin('1980-07-07', 3);
    const kid = nin('2015-07-07', 3);
    const { events, processor } = await given(
      ...twoLists(),
      on('2024-03-01', autoAssign(BERGEN, false)),
      on('2024-03-02', person(father, { municipality: BERGEN, householdId: 'B', sex: 'male' })),
      on('2024-03-02', person(kid, { householdId: 'O', parents: [father] })),
    )
      .when(on('2024-03-03', daily('2024-03-03')))
      .thenEvents();
    expect(listed(events)).toEqual([
      expect.objectContaining({
        personId: processor.view.ninIndex.get(kid),
        contractId: 'L-A',
        beginReason: 'AUTO_NEW_RESIDENT',
      }),
    ]);
  });
});
