import { createHash } from 'node:crypto';
import { WriterView } from '@flr/application';
import { ageOn, firstOfNextMonth, municipalityCodes, parseNin } from '@flr/domain';
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
    // The small history has about 6 lists, a couple of expected locks in all: too few to count a rate
    // by, so this counts on ten times the persons (the same bounds).
    const events = [...generateHistory({ ...small, persons: 40_000 })];
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

  describe('municipal decisions over many patients (R30/R31 reductions, R34b contracts that end)', () => {
    // Default rates; lists of about 500 in a few dozen municipalities, so lists share a municipality.
    const decisions = {
      persons: 20_000,
      seed: 'decisions',
      to: '2013-01-01',
      contractsPerThousand: 2,
    } as const;
    const history = [...generateHistory(decisions)];
    const registeredOn = (e: GeneratedEvent) => e.metadata.registeredAt.slice(0, 10);

    it('tags every move with its decision, so the single writer sees each decision finished', () => {
      const view = new WriterView();
      let position = 0n;
      for (const e of history)
        view.apply({
          stream: e.stream,
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata },
          revision: 0n,
          position: position++,
        });
      expect(history.some((e) => e.type === 'ListReductionOrdered')).toBe(true);
      expect(view.decisions.unfinished()).toEqual([]);
    });
    /** Open links per contract, persons' facts and the municipality of each contract, as the history goes. */
    function* withState() {
      const members = new Map<string, Set<string>>();
      const household = new Map<string, string | null>();
      const birthDate = new Map<string, string>();
      const parents = new Map<string, readonly string[]>();
      const municipality = new Map<string, string>();
      for (const [i, e] of history.entries()) {
        yield { i, e, members, household, birthDate, parents, municipality };
        if (e.type === 'PersonRegistered') {
          household.set(e.data.personId, e.data.householdId);
          birthDate.set(e.data.personId, e.data.birthDate);
          parents.set(e.data.personId, e.data.parentIds);
        }
        if (e.type === 'PersonMoved') household.set(e.data.personId, e.data.householdId);
        if (e.type === 'ContractCreated') municipality.set(e.data.contractId, e.data.municipality);
        if (e.type === 'MunicipalityRenumbered')
          for (const [c, m] of municipality)
            if (m === e.data.oldNumber) municipality.set(c, e.data.newNumber);
        if (e.type === 'PatientListed') {
          const set = members.get(e.data.contractId) ?? new Set<string>();
          members.set(e.data.contractId, set.add(e.data.personId));
        }
        if (e.type === 'PatientUnlisted') members.get(e.data.contractId)?.delete(e.data.personId);
      }
    }
    /** The events of the decision at `i` after its own, in order. */
    const consequences = (i: number) => {
      const out: GeneratedEvent[] = [];
      for (let j = i + 1; j < history.length; j++) {
        if (history[j].metadata.correlationId !== history[i].metadata.correlationId) break;
        out.push(history[j]);
      }
      return out;
    };
    /** Each moved person's link ends on the effective date and a new one begins on `to` (relist.ts). */
    const expectMoves = (
      i: number,
      from: string,
      to: string,
      effectiveFrom: string,
      personIds: readonly string[],
      reduction: boolean,
    ) => {
      const moves = consequences(i).filter((e) => e.type === 'PatientUnlisted' || e.type === 'PatientListed');
      expect(moves.map((e) => e.data.personId)).toEqual(personIds.flatMap((p) => [p, p]));
      for (const [k, e] of moves.entries()) {
        if (k % 2 === 0)
          expect(e.data).toMatchObject({
            contractId: from,
            to: effectiveFrom,
            endReason: reduction ? 'REDUCTION' : 'CONTRACT_ENDED',
          });
        else
          expect(e.data).toMatchObject({
            contractId: to,
            from: effectiveFrom,
            beginReason: reduction ? 'REDUCTION_MOVE' : 'CONTRACT_END_MOVE',
            countsTowardLimit: false,
          });
      }
    };

    it('stays consistent', () => {
      expect(checkHistory(history)).toEqual([]);
    });

    it('reduces lists by 50–400 patients drawn by household to another list of the municipality, from the next 1st', () => {
      let reductions = 0;
      let householdsOfSeveral = 0;
      for (const { i, e, members, household, birthDate, parents, municipality } of withState()) {
        if (e.type !== 'ListReductionOrdered') continue;
        reductions++;
        const d = e.data;
        expect(registeredOn(e)).toMatch(/-01$/);
        expect(d.effectiveFrom).toBe(firstOfNextMonth(registeredOn(e)));
        expect(d.count).toBeGreaterThanOrEqual(50);
        expect(d.count).toBeLessThanOrEqual(400);
        expect(d.drawnPersonIds.length).toBeGreaterThanOrEqual(d.count);
        expect(d.drawnPersonIds.length).toBeLessThan(d.count + 10);
        expect(d.toContractId).not.toBe(d.contractId);
        expect(municipality.get(d.toContractId)).toBe(municipality.get(d.contractId));
        // R31: adults and children under 16 of a household on the list go together, or stay together.
        const onList = members.get(d.contractId)!;
        const drawn = new Set(d.drawnPersonIds);
        for (const p of drawn) expect(onList.has(p)).toBe(true);
        const clusters = new Map<string, string[]>();
        for (const p of onList) {
          const h = household.get(p);
          const age = ageOn(birthDate.get(p)!, d.effectiveFrom);
          const grownChild = (parents.get(p) ?? []).some((q) => onList.has(q) && household.get(q) === h);
          if (!h || (age >= 16 && (age < 18 || grownChild))) continue;
          clusters.set(h, [...(clusters.get(h) ?? []), p]);
        }
        for (const cluster of clusters.values()) {
          expect(new Set(cluster.map((p) => drawn.has(p))).size).toBe(1);
          if (cluster.length > 1 && drawn.has(cluster[0])) householdsOfSeveral++;
        }
        expectMoves(i, d.contractId, d.toContractId, d.effectiveFrom, d.drawnPersonIds, true);
      }
      // §6 [U]: a few hundred a year among 4,000–5,600 lists; here some 40 lists over 11.5 years.
      expect(reductions).toBeGreaterThanOrEqual(8);
      expect(reductions).toBeLessThanOrEqual(60);
      expect(householdsOfSeveral).toBeGreaterThan(0);
    });

    it('ends about 1 % of contracts a year, moving every patient to another list of the municipality', () => {
      const ended = new Set<string>();
      let moved = 0;
      for (const { i, e, members, municipality } of withState()) {
        // Its patients leave and its waiting list ends; nothing else happens on it (history-checks.ts).
        const on = (e.data as { contractId?: string }).contractId ?? '';
        if (ended.has(on) && e.type !== 'PatientUnlisted' && e.type !== 'WaitingListLeft')
          throw new Error(`${e.type} on a contract that ended`);
        if (e.type !== 'ContractCanceled') continue;
        const d = e.data;
        expect(registeredOn(e)).toMatch(/-01$/);
        expect(d.effectiveFrom).toBe(firstOfNextMonth(registeredOn(e)));
        expect(d.endReason).toBe('CONTRACT_ENDED');
        expect(municipality.get(d.moveToContractId)).toBe(municipality.get(d.contractId));
        // Everyone on the list, in the order of their ids (as the register moves them).
        expect(d.movedPersonIds).toEqual([...(members.get(d.contractId) ?? [])].sort());
        expectMoves(i, d.contractId, d.moveToContractId, d.effectiveFrom, d.movedPersonIds, false);
        moved += d.movedPersonIds.length;
        ended.add(d.contractId);
      }
      expect(ended.size).toBeGreaterThanOrEqual(1);
      expect(ended.size).toBeLessThanOrEqual(15);
      expect(moved).toBeGreaterThan(0);
    });
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
