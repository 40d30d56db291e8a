import type { FactAnnulled } from '@flr/domain';
import { allProjections } from '../index';
import { fold, readersOf } from '../testing/history';
import { Scenario } from '../testing/scenario';
import { municipalityCapacity } from './capacity';

const when = (at: string, asOf?: string) => ({
  at,
  today: '2026-11-22',
  asOf: asOf ? Date.parse(asOf) : undefined,
});

describe('municipality capacity', () => {
  const s = new Scenario()
    .gp(1, 'A Lege')
    .contract('L1', '2020-01-01', 3, '0301')
    .contract('L2', '2020-01-01', 10, '0301')
    .doctor('L1', 'd1', 1, 'LPFL', '2020-01-01')
    .person('p1', '10000000001', '2020-01-01', '0301')
    .person('p2', '10000000002', '2020-01-01', '0301')
    .person('p3', '10000000003', '2020-01-01', '0301')
    .person('p4', '10000000004', '2020-01-01', '4601')
    .list('p1', 'L1', '2024-01-01', '2023-12-01')
    .list('p4', 'L1', '2024-01-01', '2023-12-01')
    .add(
      'PersonMoved',
      {
        personId: 'p3',
        fromMunicipality: '0301',
        municipality: '4601',
        householdId: null,
        movedOn: '2024-06-10',
      },
      '2024-06-10',
    )
    .add('PersonOptedOut', { personId: 'p2', on: '2024-03-15' }, '2024-03-15');
  const r = readersOf(fold(allProjections, s.events));

  it('counts listed people, entitled unassigned residents, free places and lists without a GP', () => {
    expect(municipalityCapacity(r, '0301', when('2024-02-01'))).toEqual({
      municipality: '0301',
      at: '2024-02-01',
      lists: 2,
      listed: 2,
      unassigned: 2, // p2 and p3 (p4 lives in 4601 but is listed here)
      freePlaces: 1 + 10,
      listsWithoutGp: 1,
    });
  });

  it('on both sides of an opt-out and a move away', () => {
    expect(municipalityCapacity(r, '0301', when('2024-03-14')).unassigned).toBe(2);
    expect(municipalityCapacity(r, '0301', when('2024-03-15')).unassigned).toBe(1);
    expect(municipalityCapacity(r, '0301', when('2024-06-10')).unassigned).toBe(0);
    expect(municipalityCapacity(r, '4601', when('2024-06-10')).unassigned).toBe(1);
    expect(municipalityCapacity(r, '0301', when('2024-06-10', '2024-06-01T00:00:00Z')).unassigned).toBe(1);
  });

  it('a death recorded late counts as known at the record time asked about', () => {
    const late = new Scenario()
      .contract('L1', '2020-01-01', 3, '0301')
      .person('p1', '10000000001', '2020-01-01', '0301')
      .person('p2', '10000000002', '2020-02-01', '0301')
      .add('PersonDied', { personId: 'p2', diedOn: '2024-01-15' }, '2024-04-01');
    const rl = readersOf(fold(allProjections, late.events));
    expect(municipalityCapacity(rl, '0301', when('2024-01-14')).unassigned).toBe(2);
    expect(municipalityCapacity(rl, '0301', when('2024-02-01')).unassigned).toBe(1);
    expect(municipalityCapacity(rl, '0301', when('2024-02-01', '2024-03-01T00:00:00Z')).unassigned).toBe(2);
    // Before p2's registration was recorded, only p1 was known.
    expect(municipalityCapacity(rl, '0301', when('2024-02-01', '2020-01-15T00:00:00Z')).unassigned).toBe(1);
  });

  it('a resident who lived under both an old and a renumbered code is counted once', () => {
    const renumbered = new Scenario()
      .contract('L1', '2020-01-01', 3, '0301')
      .person('p1', '10000000001', '2020-01-01', '0399')
      .add(
        'PersonMoved',
        {
          personId: 'p1',
          fromMunicipality: '0399',
          municipality: '0301',
          householdId: null,
          movedOn: '2023-01-01',
        },
        '2023-01-01',
      )
      .add(
        'MunicipalityRenumbered',
        { oldNumber: '0399', newNumber: '0301', effectiveFrom: '2022-01-01' },
        '2021-12-01',
      );
    const rr = readersOf(fold(allProjections, renumbered.events));
    expect(municipalityCapacity(rr, '0301', when('2024-01-01')).unassigned).toBe(1);
    expect(municipalityCapacity(rr, '0301', when('2022-06-01')).unassigned).toBe(1);
  });

  it('a corrected death or move (FactAnnulled) never happened, from the record time of the correction on', () => {
    const corrected = new Scenario()
      .contract('L1', '2020-01-01', 3, '0301')
      .person('p1', '10000000001', '2020-01-01', '0301')
      .person('p2', '10000000002', '2020-01-01', '0301')
      .add('PersonDied', { personId: 'p1', diedOn: '2024-01-15' }, '2024-01-16')
      .add(
        'PersonMoved',
        {
          personId: 'p2',
          fromMunicipality: '0301',
          municipality: '4601',
          householdId: null,
          movedOn: '2024-01-10',
        },
        '2024-01-11',
      );
    const annul = (personId: string, fact: 'death' | 'move', annulledType: string, on: string) =>
      corrected.add<FactAnnulled>(
        'FactAnnulled',
        {
          personId,
          correctionId: `c-${personId}`,
          fact,
          annulledEventId: 'x',
          annulledType,
          reason: 'wrong person',
          restoredResidence:
            annulledType === 'PersonMoved' ? { municipality: '0301', householdId: null } : null,
        },
        on,
      );
    annul('p1', 'death', 'PersonDied', '2024-03-01');
    annul('p2', 'move', 'PersonMoved', '2024-03-01');
    const rc = readersOf(fold(allProjections, corrected.events));
    expect(municipalityCapacity(rc, '0301', when('2024-02-01')).unassigned).toBe(2);
    expect(municipalityCapacity(rc, '4601', when('2024-02-01')).unassigned).toBe(0);
    expect(municipalityCapacity(rc, '0301', when('2024-02-01', '2024-02-01T00:00:00Z')).unassigned).toBe(0);
    expect(municipalityCapacity(rc, '4601', when('2024-02-01', '2024-02-01T00:00:00Z')).unassigned).toBe(1);
  });
});
