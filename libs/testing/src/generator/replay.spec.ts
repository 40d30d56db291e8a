import { generateHistory } from './generate-history';
import type { GeneratedEvent } from './generated-event';
import { replayHistory, samplePersons } from './replay';

describe('generated histories replayed through the register', () => {
  // Every person of the history is replayed, so list sizes, free places and the letters that name
  // them are the register's own: a random sample would see emptier lists than the generator did.
  const history = generateHistory({
    persons: 3000,
    seed: 'replay',
    to: '2025-01-01',
    contractsPerThousand: 6,
  });

  it('every person, list and GP of a 3,000-resident history gets exactly the generator events from the real command processor', async () => {
    const persons = samplePersons(history, { sample: Number.POSITIVE_INFINITY, seed: 'all' });
    const report = await replayHistory(history, persons);
    expect(report.mismatches).toEqual([]);
    expect(report.persons).toBe(history.summary.persons);
    expect(report.persons).toBeGreaterThanOrEqual(4000);
    expect(report.events).toBe(history.summary.events);
    // The replay covers every kind of action the generator takes.
    const kinds = new Set<string>();
    for (const e of history) {
      kinds.add(e.type);
      if (e.type === 'PatientListed') {
        kinds.add(e.data.beginReason);
        kinds.add(e.data.countsTowardLimit ? 'counted' : `exemption:${e.data.exemption}`);
      }
      if (e.type === 'ListStatusChanged') kinds.add(`${e.type}:${e.data.status}`);
      if (e.type === 'WaitingListLeft' || e.type === 'LetterSent')
        kinds.add(`${e.type}:${'reason' in e.data ? e.data.reason : e.data.kind}`);
    }
    const wanted = [
      'PersonMoved',
      'PersonDied',
      'PersonEmigrated',
      'PersonOptedOut',
      'DoctorPeriodEnded',
      'ListCeilingChanged',
      'ListStatusChanged:locked',
      'ListStatusChanged:open',
      'MunicipalityRenumbered',
      'WaitingListJoined',
      'WaitingListLeft:PROMOTED',
      'LetterSent:MOVE_OFFER',
      'LetterSent:WAITING_LIST_PLACED',
      'CHOICE',
      'WAITLIST',
      'NEWBORN',
      'AUTO_NEW_RESIDENT',
      'HELFO_MANUAL',
      'counted',
      'exemption:MOVE',
      'exemption:GP_LEFT',
    ];
    expect(wanted.filter((k) => !kinds.has(k))).toEqual([]);
  }, 120_000);

  it('list reductions and contracts that end come out of the real deciders and process manager exactly as generated', async () => {
    // More decisions than the default rates give in a small history, so every kind shows up.
    const decisions = generateHistory({
      persons: 3000,
      seed: 'replay-decisions',
      to: '2020-01-01',
      contractsPerThousand: 4,
      rates: { listReductions: 0.3, contractEnds: 0.05 },
    });
    const events = [...decisions];
    const persons = samplePersons(events, { sample: Number.POSITIVE_INFINITY, seed: 'all' });
    const report = await replayHistory(events, persons);
    expect(report.mismatches).toEqual([]);
    expect(report.events).toBe(decisions.summary.events);
    // The replayed persons include everyone the decisions moved, and each move was compared.
    const moved = new Set<string>();
    const kinds = new Map<string, number>();
    const add = (kind: string) => kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    for (const e of events) {
      if (e.type === 'ListReductionOrdered') for (const p of e.data.drawnPersonIds) moved.add(p);
      if (e.type === 'ContractCanceled') for (const p of e.data.movedPersonIds) moved.add(p);
      if (e.type === 'ListReductionOrdered' || e.type === 'ContractCanceled') add(e.type);
      if (e.type === 'PatientListed') {
        add(e.data.beginReason);
        if (e.data.exemption) add(`exemption:${e.data.exemption}`);
      }
    }
    expect([...moved].filter((p) => !persons.has(p))).toEqual([]);
    expect(moved.size).toBeGreaterThan(500);
    expect(kinds.get('ListReductionOrdered')).toBeGreaterThanOrEqual(10);
    expect(kinds.get('ContractCanceled')).toBeGreaterThanOrEqual(3);
    expect(kinds.get('REDUCTION_MOVE')).toBeGreaterThan(0);
    expect(kinds.get('CONTRACT_END_MOVE')).toBeGreaterThan(0);
    // R16: a person moved off a cancelled list may change once without it counting.
    expect(kinds.get('exemption:GP_LEFT')).toBeGreaterThan(0);

    // A draw other than the register's, or another order of the moved, is reported at once.
    const reversed = (key: 'drawnPersonIds' | 'movedPersonIds', type: string) => {
      const at = events.findIndex((e) => e.type === type);
      return events.map((e, i) =>
        i === at
          ? ({
              ...e,
              data: { ...e.data, [key]: [...(e.data as never as Record<string, string[]>)[key]].reverse() },
            } as GeneratedEvent)
          : e,
      );
    };
    for (const [key, type] of [
      ['drawnPersonIds', 'ListReductionOrdered'],
      ['movedPersonIds', 'ContractCanceled'],
    ] as const) {
      const wrong = await replayHistory(reversed(key, type), persons, { maxMismatches: 1 });
      expect(wrong.mismatches[0]).toMatch(
        new RegExp(`${type}: ${key}\\[0\\]: .* was (already )?paired with`),
      );
    }
  }, 300_000);

  it('reports an event the register would not have emitted, naming the field', async () => {
    const small = [...generateHistory({ persons: 300, seed: 'replay-wrong', to: '2004-01-01' })];
    const change = small.findIndex((e) => e.type === 'PatientListed' && e.data.beginReason === 'CHOICE');
    const wrong = small.map((e, i) =>
      i === change && e.type === 'PatientListed'
        ? ({ ...e, data: { ...e.data, countsTowardLimit: !e.data.countsTowardLimit } } as GeneratedEvent)
        : e,
    );
    const all = samplePersons(small, { sample: Number.POSITIVE_INFINITY, seed: 'all' });
    expect((await replayHistory(small, all)).mismatches).toEqual([]);
    const report = await replayHistory(wrong, all);
    expect(report.mismatches).toHaveLength(1);
    expect(report.mismatches[0]).toMatch(/PatientListed: countsTowardLimit is (true|false) in the generator/);
  }, 60_000);
});
