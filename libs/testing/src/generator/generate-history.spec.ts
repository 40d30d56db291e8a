import { createHash } from 'node:crypto';
import { municipalityCodes, parseNin } from '@flr/domain';
import { generateHistory } from './generate-history';
import type { GeneratedEvent } from './generated-event';
import { checkHistory } from './history-checks';

const small = { persons: 4000, seed: 'spec', to: '2024-07-01' } as const;
const events: GeneratedEvent[] = [...generateHistory(small)];

function digest(history: Iterable<GeneratedEvent>): string {
  const hash = createHash('sha256');
  for (const e of history) hash.update(JSON.stringify(e));
  return hash.digest('hex');
}

describe('generateHistory', () => {
  it('produces an internally consistent history (links, periods, end dates, limits, codes, order)', () => {
    expect(checkHistory(events)).toEqual([]);
  });

  it('has a checker that notices broken histories', () => {
    const changed = events.findIndex((e) => e.type === 'PatientUnlisted' && e.data.endReason === 'CHANGED');
    const withoutUnlist = events.filter((_, i) => i !== changed);
    expect(checkHistory(withoutUnlist).join('\n')).toMatch(/another link is open/);
    const death = events.findIndex((e) => e.type === 'PatientUnlisted' && e.data.endReason === 'DEATH');
    const shifted = events.map((e, i) =>
      i === death && e.type === 'PatientUnlisted'
        ? ({ ...e, data: { ...e.data, to: '2030-01-01' } } as GeneratedEvent)
        : e,
    );
    expect(checkHistory(shifted).join('\n')).toMatch(/should be/);
    expect(checkHistory([...events.slice(0, 10), events[5]]).join('\n')).toMatch(/duplicate event id/);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateHistory(small);
    expect(digest(again)).toBe(digest(events));
    expect(digest(generateHistory({ ...small, seed: 'other' }))).not.toBe(digest(events));
  });

  it('restarts from the seed on every iteration and fills the summary', () => {
    const history = generateHistory({ persons: 500, seed: 7, to: '2005-01-01' });
    const first = [...history].length;
    expect(history.summary.complete).toBe(true);
    expect(history.summary.events).toBe(first);
    expect([...history].length).toBe(first);
    const byType = Object.values(history.summary.eventsByType).reduce((a, b) => a + b, 0);
    expect(byType).toBe(first);
  });

  it('starts with every resident on a list from 2001-06-01, within every ceiling', () => {
    const initial = events.filter((e) => e.type === 'PatientListed' && e.data.beginReason === 'INITIAL_2001');
    const optedOut = events.filter((e) => e.type === 'PersonOptedOut');
    expect(initial.length + optedOut.length).toBe(small.persons);
    expect(optedOut.length).toBeLessThan(small.persons * 0.02);
    const sizes = new Map<string, number>();
    for (const e of initial)
      if (e.type === 'PatientListed') sizes.set(e.data.contractId, (sizes.get(e.data.contractId) ?? 0) + 1);
    const created = events.filter((e) => e.type === 'ContractCreated');
    expect(created.length).toBeGreaterThanOrEqual(4);
    for (const e of created) {
      if (e.type === 'ContractCreated' && e.data.validFrom === '2001-06-01') {
        expect(sizes.get(e.data.contractId) ?? 0).toBeLessThanOrEqual(e.data.maxPatients);
      }
    }
  });

  it('respects ceilings roughly: few people above the ceiling at the end (newborns may exceed it, R13a)', () => {
    const max = new Map<string, number>();
    const open = new Map<string, string>();
    for (const e of events) {
      if (e.type === 'ContractCreated' || e.type === 'ListCeilingChanged')
        max.set(e.data.contractId, e.data.maxPatients);
      if (e.type === 'PatientListed') open.set(e.data.associationId, e.data.contractId);
      if (e.type === 'PatientUnlisted') open.delete(e.data.associationId);
    }
    const sizes = new Map<string, number>();
    for (const c of open.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    let above = 0;
    for (const [c, size] of sizes) above += Math.max(0, size - (max.get(c) ?? 0));
    expect(open.size).toBeGreaterThan(small.persons);
    expect(above / open.size).toBeLessThan(0.02);
  });

  it('uses synthetic numbers only (month + 80): never valid as real numbers', () => {
    const registered = events.filter((e) => e.type === 'PersonRegistered');
    expect(registered.length).toBeGreaterThan(small.persons);
    for (const e of registered) {
      if (e.type !== 'PersonRegistered') continue;
      expect(Number(e.data.nin.slice(2, 4))).toBeGreaterThan(80);
      expect(parseNin(e.data.nin)).toMatchObject({ ok: false });
    }
  });

  it('has the yearly churn of §6: about 5 % voluntary changes, births, deaths and moves', () => {
    const y2010 = events.filter((e) => e.metadata.registeredAt.startsWith('2010'));
    const count = (pred: (e: GeneratedEvent) => boolean) => y2010.filter(pred).length;
    const changes = count((e) => e.type === 'PatientListed' && e.data.countsTowardLimit);
    const newborns = count((e) => e.type === 'PatientListed' && e.data.beginReason === 'NEWBORN');
    const deaths = count((e) => e.type === 'PersonDied');
    const moves = count((e) => e.type === 'PersonMoved');
    const residents = small.persons * 1.07;
    expect(changes / residents).toBeGreaterThan(0.035);
    expect(changes / residents).toBeLessThan(0.065);
    expect(newborns / residents).toBeGreaterThan(0.006);
    expect(deaths / residents).toBeGreaterThan(0.004);
    expect(moves / residents).toBeGreaterThan(0.03);
    const deathUnlists = y2010.filter((e) => e.type === 'PatientUnlisted' && e.data.endReason === 'DEATH');
    expect(deathUnlists.length).toBeGreaterThan(0);
  });

  it('has GPs, vikarer and vacant lists, and follows the municipality reforms of 2020 and 2024', () => {
    const periods = events.filter((e) => e.type === 'DoctorPeriodStarted');
    expect(periods.some((e) => e.type === 'DoctorPeriodStarted' && e.data.relationship === 'LPVI')).toBe(
      true,
    );
    expect(periods.some((e) => e.type === 'DoctorPeriodStarted' && e.data.relationship === 'LPFL')).toBe(
      true,
    );
    expect(events.some((e) => e.type === 'DoctorPeriodEnded')).toBe(true);
    const renumbered = events.filter((e) => e.type === 'MunicipalityRenumbered');
    // One renumbering per old number and date: a split is registered to its most populous part.
    const oldNumbers = new Set(
      municipalityCodes.changesBetween('2001-06-01', '2024-07-01').map((c) => `${c.date}:${c.oldNumber}`),
    );
    expect(renumbered.length).toBe(oldNumbers.size);
    const newCodes = events.filter(
      (e) =>
        e.type === 'PersonRegistered' &&
        e.data.registeredOn >= '2020-01-01' &&
        !municipalityCodes.isValidOn(e.data.municipality, '2019-12-31'),
    );
    expect(newCodes.length).toBeGreaterThan(0);
  });

  it.each([
    [1, '2001-06-01', '2003-01-01'],
    [50, '2019-11-01', '2024-03-15'],
    [300, '2001-02-01', '2001-03-01'],
    [1500, '2015-06-01', '2025-06-01'],
  ])('stays consistent for %i persons from %s to %s', (persons, from, to) => {
    const history = generateHistory({ persons, seed: `${persons}`, from, to });
    expect(checkHistory(history)).toEqual([]);
    expect(history.summary.persons).toBeGreaterThanOrEqual(persons);
  });

  it('locks about 2 % of lists a year by hand for 1-6 months, and nobody new joins a locked list', () => {
    const lockedSince = new Map<string, string>();
    const spans: number[] = [];
    const joinsWhileLocked: string[] = [];
    let lists = 0;
    for (const e of events) {
      if (e.type === 'ContractCreated') lists++;
      if (e.type === 'ListStatusChanged') {
        expect(e.data.by).toBe('manual');
        if (e.data.status === 'locked') {
          expect(lockedSince.has(e.data.contractId)).toBe(false);
          lockedSince.set(e.data.contractId, e.data.on);
        } else {
          const since = lockedSince.get(e.data.contractId);
          expect(since).toBeDefined();
          spans.push((Date.parse(e.data.on) - Date.parse(since!)) / 86_400_000);
          lockedSince.delete(e.data.contractId);
        }
      }
      const placed =
        (e.type === 'PatientListed' && e.data.beginReason !== 'NEWBORN') || e.type === 'WaitingListJoined';
      if (placed && lockedSince.has(e.data.contractId))
        joinsWhileLocked.push(`${e.type} ${e.metadata.registeredAt} ${e.data.contractId}`);
    }
    expect(joinsWhileLocked).toEqual([]);
    // 23 years of lists (their number grows): 2 % a year gives a lock per 50 list-years.
    const years = 23;
    expect(spans.length).toBeGreaterThan((lists * years * 0.02) / 3);
    expect(spans.length).toBeLessThan(lists * years * 0.02 * 1.5);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(28);
    expect(Math.max(...spans)).toBeLessThanOrEqual(184);
  });

  it('refuses bad options with RangeError', () => {
    expect(() => generateHistory({ persons: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateHistory({ persons: 10, seed: 1, from: '2024-01-01', to: '2023-01-01' })).toThrow(
      RangeError,
    );
    expect(() => generateHistory({ persons: 10, seed: 1, from: '2001-01-01' })).toThrow(RangeError);
    expect(() => generateHistory({ persons: 10, seed: 1, from: '2010-01-15' })).toThrow(RangeError);
  });
});
