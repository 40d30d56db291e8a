import { given, on } from '@flr/testing';
import { assign, changeGp, contract, filled, P, pOnA, person, Q, twoLists } from './fixtures';

describe('changing GP (R6, R15–R19, §4.3)', () => {
  it('takes effect on the first of the next month and ends the old link there (R17, S11)', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-04-01', endReason: 'CHANGED' } },
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            from: '2024-04-01',
            beginReason: 'CHOICE',
            countsTowardLimit: true,
            countedInYear: 2024,
          },
        },
      ]);
  });

  it('a change on the last day of December takes effect on 1 January', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-12-31', changeGp(P, 'L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2025-01-01' } },
        { type: 'PatientListed', data: { from: '2025-01-01' } },
      ]);
  });

  it('the month boundary is the Europe/Oslo date of registeredAt', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-31T21:59:59Z', changeGp(P, 'L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2024-04-01' } },
        { type: 'PatientListed', data: { from: '2024-04-01' } },
      ]);
    // 22:00 UTC on 31 March is already 1 April in Oslo (summer time).
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-31T22:00:00Z', changeGp(P, 'L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2024-05-01' } },
        { type: 'PatientListed', data: { from: '2024-05-01' } },
      ]);
  });

  it('refuses a list with no free place, offering the waiting list (R19, S18)', async () => {
    await given(...twoLists(10, 2), ...filled('L-B', 2), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('accepts the last free place (both sides of the capacity boundary)', async () => {
    await given(...twoLists(10, 2), ...filled('L-B', 1), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-B' } }]);
  });

  it('counts pending arrivals against capacity (§4.4)', async () => {
    const other = '15038512363';
    await given(
      ...twoLists(10, 1),
      ...pOnA(),
      on('2024-03-01', person(other)),
      on('2024-03-02', changeGp(other, 'L-B')),
    )
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('refuses a closed list even with free places (R14)', async () => {
    await given(...twoLists(), on('2020-01-01', contract('L-C', { status: 'closed' })), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-C')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('refuses the list the person is already on', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-A')))
      .thenRefuses('ALREADY_ON_LIST', 'R6');
  });

  it('refuses an unknown contract and an unknown person', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-X')))
      .thenRefuses('UNKNOWN_CONTRACT');
    await given(...twoLists())
      .when(on('2024-03-15', changeGp(P, 'L-A')))
      .thenRefuses('UNKNOWN_PERSON');
  });

  it('refuses a contract not yet in force on the effective date (R34)', async () => {
    await given(...twoLists(), on('2024-01-01', contract('L-N', { validFrom: '2024-05-01' })), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-N')))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('a later request in the same month replaces the pending one (§4.3) and the replaced one does not count', async () => {
    const { events } = await given(
      ...twoLists(),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      on('2024-02-10', changeGp(P, 'L-B')),
      on('2024-03-10', changeGp(P, 'L-A')),
    )
      .when(on('2024-03-20', changeGp(P, 'L-C')))
      .thenEvents();
    expect(events.map((e) => e.type)).toEqual(['PendingListingWithdrawn', 'PatientListed']);
    expect(events[0].data).toMatchObject({ contractId: 'L-A', reason: 'REPLACED' });
    expect(events[1].data).toMatchObject({ contractId: 'L-C', from: '2024-04-01', countsTowardLimit: true });
  });

  it('with replacedPendingCounts the replaced change still counts', async () => {
    await given(
      ...twoLists(),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      on('2024-02-10', changeGp(P, 'L-B')),
      on('2024-03-10', changeGp(P, 'L-A')),
    )
      .withRules({ replacedPendingCounts: true })
      .when(on('2024-03-20', changeGp(P, 'L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('choosing the current list again while a change is pending cancels it: one period, no change used (§4.3)', async () => {
    const facts = [
      ...twoLists(10, 10),
      on('2020-01-01', contract('L-C', { maxPatients: 1 })),
      ...pOnA(),
      on('2020-01-02', person(Q)),
      on('2020-01-02', assign(Q, 'L-B')),
      on('2024-02-10', changeGp(P, 'L-C')),
      on('2024-03-10', changeGp(P, 'L-B')),
      // Q takes the place P is leaving.
      on('2024-03-15', changeGp(Q, 'L-C')),
    ];
    const { events, outcome, processor } = await given(...facts)
      .when(on('2024-03-20', changeGp(P, 'L-C')))
      .thenEvents();
    // L-C is full on 1 April without P (P is leaving), yet P keeps the place.
    expect(events.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
      ['PendingListingWithdrawn', 'REPLACED'],
      ['PendingListingWithdrawn', 'RESTORED'],
      ['PatientListed', undefined],
    ]);
    expect(events[0].data).toMatchObject({ contractId: 'L-B' });
    expect(events[2].data).toMatchObject({
      contractId: 'L-C',
      from: '2024-03-01',
      beginReason: 'CHOICE',
      countsTowardLimit: true,
      countedInYear: 2024,
    });
    expect(outcome.effectiveFrom).toBe('2024-04-01');
    const state = (await processor.view.person(processor.view.ninIndex.get(P)!))!;
    const live = state.links.filter((l) => l.withdrawn === null);
    expect(live.map((l) => [l.contractId, l.from, l.to])).toEqual([
      ['L-A', '2020-02-01', '2024-03-01'],
      ['L-C', '2024-03-01', null],
    ]);
    // The February change still counts and the replaced one does not: one change is left in 2024.
    await given(...facts, on('2024-03-20', changeGp(P, 'L-C')))
      .when(on('2024-05-02', changeGp(P, 'L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: true } }]);
    await given(...facts, on('2024-03-20', changeGp(P, 'L-C')), on('2024-05-02', changeGp(P, 'L-B')))
      .when(on('2024-06-02', changeGp(P, 'L-A')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });
});
