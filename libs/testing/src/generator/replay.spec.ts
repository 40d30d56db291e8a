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
