import { drawReduction, householdClusters } from '@flr/domain';
import { given, nin, on } from '@flr/testing';
import { assign, changeGp, contract, filled, joinWaiting, P, person, pOnA, Q, twoLists } from './fixtures';

const household = (prefix: string, members: [string, string][]) =>
  members.flatMap(([birth, id]) => {
    const value = nin(birth, Number(id));
    return [on('2020-01-02', person(value, { householdId: prefix })), on('2020-01-02', assign(value, 'L-A'))];
  });

describe('list reductions (R30, R31, S31, S33)', () => {
  const members = [
    { personId: 'a1', householdId: 'H1', birthDate: '1980-01-01' },
    { personId: 'a2', householdId: 'H1', birthDate: '1981-01-01' },
    { personId: 'c6', householdId: 'H1', birthDate: '2018-01-01' },
    { personId: 'c10', householdId: 'H1', birthDate: '2014-01-01' },
    { personId: 'b1', householdId: 'H2', birthDate: '1975-01-01' },
    { personId: 'b17', householdId: 'H2', birthDate: '2007-06-01' },
    { personId: 'x', householdId: null, birthDate: '1960-01-01' },
  ];

  it('clusters households; a 17-year-old is drawn alone (S31)', () => {
    expect(householdClusters(members, '2024-11-01')).toEqual([
      ['a1', 'a2', 'c10', 'c6'],
      ['b1'],
      ['b17'],
      ['x'],
    ]);
  });

  it('a grown-up child (16 or over) living with a parent is drawn alone; adults without parent links stay together (R12)', () => {
    const withAdultChild = [
      { personId: 'm', householdId: 'H3', birthDate: '1960-01-01' },
      { personId: 'f', householdId: 'H3', birthDate: '1961-01-01' },
      { personId: 'k20', householdId: 'H3', birthDate: '2004-01-01', parentIds: ['m', 'f'] },
      { personId: 'k9', householdId: 'H3', birthDate: '2015-01-01', parentIds: ['m', 'f'] },
    ];
    expect(householdClusters(withAdultChild, '2024-11-01')).toEqual([['f', 'k9', 'm'], ['k20']]);
    // The parent at another address: the 20-year-old is an adult of their own household.
    const apart = withAdultChild.map((m) => (m.personId === 'k20' ? { ...m, householdId: 'H4' } : m));
    expect(householdClusters(apart, '2024-11-01')).toEqual([['f', 'k9', 'm'], ['k20']]);
    const lodger = withAdultChild.map((m) => (m.personId === 'k20' ? { ...m, parentIds: [] } : m));
    expect(householdClusters(lodger, '2024-11-01')).toEqual([['f', 'k20', 'k9', 'm']]);
  });

  it('the same seed draws the same people; whole households or none', () => {
    for (const seed of ['s1', 's2', 's3', 's4']) {
      const drawn = drawReduction(members, 2, seed, '2024-11-01', 'accept');
      expect(drawReduction(members, 2, seed, '2024-11-01', 'accept')).toEqual(drawn);
      const h1 = ['a1', 'a2', 'c6', 'c10'].filter((p) => drawn.includes(p));
      expect([0, 4]).toContain(h1.length);
      expect(drawn.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('overshoot policy: accept takes the whole last household, skip never exceeds the count', () => {
    const draws = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) =>
      drawReduction(members, 2, seed, '2024-11-01', 'accept'),
    );
    expect(draws.some((d) => d.length > 2)).toBe(true);
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      expect(drawReduction(members, 2, seed, '2024-11-01', 'skip')).toHaveLength(2);
    }
  });

  it('records the seed and the draw, then moves each drawn person (REDUCTION_MOVE)', async () => {
    const { events, outcome } = await given(
      ...twoLists(20, 20),
      ...household('H1', [
        ['1980-01-01', '0'],
        ['1981-01-01', '0'],
        ['2018-01-01', '0'],
        ['2014-01-01', '0'],
      ]),
      ...filled('L-A', 6),
    )
      .when(
        on('2024-09-15', {
          type: 'ReduceList',
          contractId: 'L-A',
          count: 3,
          toContractId: 'L-B',
          effectiveFrom: '2024-11-01',
          seed: 'fixed',
        }),
      )
      .thenEvents();
    const ordered = events[0];
    expect(ordered).toMatchObject({ type: 'ListReductionOrdered', data: { seed: 'fixed', count: 3 } });
    const drawn = (ordered.data as { drawnPersonIds: string[] }).drawnPersonIds;
    const moved = events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => e.data as Record<string, unknown>);
    expect(moved.map((m) => m.personId).sort()).toEqual([...drawn].sort());
    for (const m of moved)
      expect(m).toMatchObject({ contractId: 'L-B', from: '2024-11-01', beginReason: 'REDUCTION_MOVE' });
    expect(BigInt(outcome.position)).toBe(events.at(-1)!.position);
  });

  it('a reduction must start on the 1st of a month and go to another list in force', async () => {
    const reduce = {
      type: 'ReduceList' as const,
      contractId: 'L-A',
      count: 1,
      toContractId: 'L-B',
      effectiveFrom: '2024-11-02',
    };
    await given(...twoLists())
      .when(on('2024-09-15', reduce))
      .thenRefuses('INVALID_INPUT');
    await given(...twoLists())
      .when(on('2024-09-15', { ...reduce, effectiveFrom: '2024-11-01', toContractId: 'L-X' }))
      .thenRefuses('UNKNOWN_CONTRACT');
  });

  it('the reduced person gets one extra change (R16, BANETT), once', async () => {
    const facts = [
      ...twoLists(20, 20),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      on('2024-04-15', {
        type: 'ReduceList' as const,
        contractId: 'L-A',
        count: 1,
        toContractId: 'L-B',
        effectiveFrom: '2024-05-01',
      }),
      on('2024-05-10', { type: 'ChangeGp' as const, nin: P, contractId: 'L-A' }),
      on('2024-06-10', { type: 'ChangeGp' as const, nin: P, contractId: 'L-C' }),
    ];
    await given(...facts)
      .when(on('2024-07-10', { type: 'ChangeGp', nin: P, contractId: 'L-A' }))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'REDUCTION_EXTRA' } }]);
    await given(...facts, on('2024-07-10', { type: 'ChangeGp' as const, nin: P, contractId: 'L-A' }))
      .when(on('2024-08-10', { type: 'ChangeGp', nin: P, contractId: 'L-C' }))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });
});

describe('who a reduction may draw (R30, R31): a person’s own pending change stands', () => {
  const reduceA = (seed: string, count = 1) =>
    on('2024-09-15', {
      type: 'ReduceList' as const,
      contractId: 'L-A',
      count,
      toContractId: 'L-B',
      effectiveFrom: '2024-10-01',
      seed,
    });
  const seeds = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  it('never draws a person whose own change onto the list, still pending when the reduction is ordered, is due on its date', async () => {
    // P is on L-A; Q chose L-A on 2024-09-10 (pending, from 2024-10-01) before the reduction of 2024-09-15.
    const facts = [
      ...twoLists(20, 20),
      ...pOnA(),
      on('2024-01-02', person(Q)),
      on('2024-09-10', changeGp(Q, 'L-A')),
    ];
    for (const seed of seeds) {
      const { events } = await given(...facts)
        .when(reduceA(seed))
        .thenEvents();
      expect(events.map((e) => [e.type, (e.data as { contractId: string }).contractId])).toEqual([
        ['ListReductionOrdered', 'L-A'],
        ['PatientUnlisted', 'L-A'],
        ['PatientListed', 'L-B'],
      ]);
      expect((events[0].data as { drawnPersonIds: string[] }).drawnPersonIds).toEqual([
        (events[1].data as { personId: string }).personId,
      ]);
    }
    // Only P can be drawn: a count of 2 would empty the list of those on it.
    await given(...facts)
      .when(reduceA('a', 2))
      .thenRefuses('REDUCTION_EXCEEDS_LIST', 'R30');
  });

  it('an arrival due before the reduction’s date has taken effect by then: that person may be drawn', async () => {
    // Q arrives on L-A on 2024-10-01; the reduction ordered on 2024-09-15 takes effect on 2024-11-01.
    const { events } = await given(
      ...twoLists(20, 20),
      on('2024-01-02', person(Q)),
      on('2024-09-10', changeGp(Q, 'L-A')),
    )
      .when(
        on('2024-09-15', {
          type: 'ReduceList',
          contractId: 'L-A',
          count: 1,
          toContractId: 'L-B',
          effectiveFrom: '2024-11-01',
          seed: 's',
        }),
      )
      .thenEvents();
    expect(events.map((e) => [e.type, (e.data as { contractId: string }).contractId])).toEqual([
      ['ListReductionOrdered', 'L-A'],
      ['PatientUnlisted', 'L-A'],
      ['PatientListed', 'L-B'],
    ]);
    expect(events[1].data).toMatchObject({ to: '2024-11-01' });
  });

  it('never draws a person whose own change away from the list is pending', async () => {
    const facts = [
      ...twoLists(20, 20),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      ...filled('L-A', 1),
      on('2024-09-10', changeGp(P, 'L-C')),
    ];
    for (const seed of seeds) {
      const { events } = await given(...facts)
        .when(reduceA(seed))
        .thenEvents();
      const moved = events.filter((e) => e.type === 'PatientListed').map((e) => e.data);
      expect(moved).toEqual([expect.objectContaining({ contractId: 'L-B', beginReason: 'REDUCTION_MOVE' })]);
      expect(events.some((e) => e.type === 'PendingListingWithdrawn')).toBe(false);
    }
  });
});

describe('contract cancellation (R34b, S38)', () => {
  it('moves every patient to the receiving list; nobody’s yearly count changes; waiting entries end', async () => {
    const { events } = await given(
      ...twoLists(10, 10),
      ...pOnA(),
      ...filled('L-A', 3),
      on('2024-05-01', person(Q)),
      on('2024-05-01', joinWaiting(Q, 'L-A')),
    )
      .when(
        on('2024-09-01', {
          type: 'CancelContract',
          contractId: 'L-A',
          effectiveFrom: '2024-10-01',
          moveToContractId: 'L-B',
        }),
      )
      .thenEvents();
    expect(events[0]).toMatchObject({ type: 'ContractCanceled', data: { effectiveFrom: '2024-10-01' } });
    const moved = events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => e.data as Record<string, unknown>);
    expect(moved).toHaveLength(4);
    for (const m of moved) {
      expect(m).toMatchObject({
        contractId: 'L-B',
        from: '2024-10-01',
        beginReason: 'CONTRACT_END_MOVE',
        countsTowardLimit: false,
      });
    }
    expect(events.filter((e) => e.type === 'WaitingListLeft').map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'CONTRACT_ENDED' }),
    ]);
  });

  it('refuses cancelling twice, and changing to a cancelled list', async () => {
    const cancel = {
      type: 'CancelContract' as const,
      contractId: 'L-A',
      effectiveFrom: '2024-10-01',
      moveToContractId: 'L-B',
    };
    await given(...twoLists(), on('2024-09-01', cancel))
      .when(on('2024-09-02', cancel))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    const other = nin('1999-09-09');
    await given(...twoLists(), on('2024-09-01', cancel), on('2024-09-01', person(other)))
      .when(on('2024-09-15', { type: 'ChangeGp', nin: other, contractId: 'L-A' }))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});

describe('a cancellation registered ahead of its date (R34b)', () => {
  // L-A ends on 2025-03-01; the cancellation is registered on 2024-09-01 and moves its patients then.
  const cancelLater = on('2024-09-01', {
    type: 'CancelContract' as const,
    contractId: 'L-A',
    effectiveFrom: '2025-03-01',
    moveToContractId: 'L-B',
  });
  const other = nin('1999-09-09');

  it('takes nobody new before its end: no change, placement or waiting-list entry onto it', async () => {
    const facts = [...twoLists(), cancelLater, on('2024-09-01', person(other))];
    // Each of these would take effect on 2024-10-01, while the contract is still in force.
    await given(...facts)
      .when(on('2024-09-15', changeGp(other, 'L-A')))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    await given(...facts)
      .when(on('2024-09-15', assign(other, 'L-A')))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    await given(...facts)
      .when(on('2024-09-15', joinWaiting(other, 'L-A')))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('receives no patients from another list’s reduction or cancellation', async () => {
    const facts = [...twoLists(), on('2020-01-01', contract('L-C')), ...filled('L-C', 3), cancelLater];
    await given(...facts)
      .when(
        on('2024-09-15', {
          type: 'CancelContract',
          contractId: 'L-C',
          effectiveFrom: '2024-11-01',
          moveToContractId: 'L-A',
        }),
      )
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    await given(...facts)
      .when(
        on('2024-09-15', {
          type: 'ReduceList',
          contractId: 'L-C',
          count: 1,
          toContractId: 'L-A',
          effectiveFrom: '2024-11-01',
        }),
      )
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('still takes them on the receiving list it names, which has no cancellation', async () => {
    await given(...twoLists(), cancelLater, on('2024-09-01', person(other)))
      .when(on('2024-09-15', changeGp(other, 'L-B')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-B' } }]);
  });
});

describe('moves ordered by the register respect the person’s own pending change', () => {
  it('a cancellation moves a leaving patient only until the pending change takes effect', async () => {
    const { events } = await given(
      ...twoLists(),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      on('2024-09-20', { type: 'ChangeGp', nin: P, contractId: 'L-C' }),
    )
      .when(
        on('2024-09-22', {
          type: 'CancelContract',
          contractId: 'L-A',
          effectiveFrom: '2024-09-25',
          moveToContractId: 'L-B',
        }),
      )
      .thenEvents();
    expect(events.map((e) => [e.type, (e.data as { contractId?: string; to?: string }).to ?? null])).toEqual([
      ['ContractCanceled', null],
      ['PatientUnlisted', '2024-09-25'],
      ['PatientListed', null],
      ['PatientUnlisted', '2024-10-01'],
    ]);
    expect(events.some((e) => e.type === 'PendingListingWithdrawn')).toBe(false);
  });

  it('a pending arrival on a cancelled list is redirected to the receiving list', async () => {
    const { events } = await given(
      ...twoLists(),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      on('2024-09-20', { type: 'ChangeGp', nin: P, contractId: 'L-C' }),
    )
      .when(
        on('2024-09-25', {
          type: 'CancelContract',
          contractId: 'L-C',
          effectiveFrom: '2024-10-01',
          moveToContractId: 'L-B',
        }),
      )
      .thenEvents();
    expect(events.map((e) => [e.type, (e.data as { contractId?: string }).contractId])).toEqual([
      ['ContractCanceled', 'L-C'],
      ['PendingListingWithdrawn', 'L-C'],
      ['PatientListed', 'L-B'],
    ]);
  });
});
