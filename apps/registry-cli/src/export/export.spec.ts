import type { RecordedEvent } from '@flr/event-store';
import { listedOnNewYear } from './aggregate';
import { extractLinks, toRows } from './link-extract';
import { Pseudonymiser } from './pseudonymise';

let position = 0n;
function recorded(type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1n;
  return {
    id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type,
    data,
    metadata: {},
    stream: `person-${String(data.personId)}`,
    revision: 0n,
    position,
    recordedAt: new Date(0),
    isJson: true,
  };
}

const register = (personId: string, nin: string, birthDate: string) =>
  recorded('PersonRegistered', {
    personId,
    nin,
    ninKind: 'FNR',
    birthDate,
    sex: 'female',
    municipality: '0301',
    householdId: null,
    parentIds: [],
    entitlement: null,
    registeredOn: '2001-01-01',
  });
const listed = (personId: string, associationId: string, contractId: string, from: string) =>
  recorded('PatientListed', {
    personId,
    associationId,
    contractId,
    from,
    beginReason: 'CHOICE',
    countsTowardLimit: true,
    countedInYear: 2009,
    requestedBy: null,
    overrideReason: null,
  });

const history = (): RecordedEvent[] => [
  register('p1', '24029012349', '1990-02-24'),
  listed('p1', 'a1', 'L-A', '2001-06-01'),
  recorded('PatientUnlisted', {
    personId: 'p1',
    associationId: 'a1',
    contractId: 'L-A',
    to: '2009-03-01',
    endReason: 'CHANGED',
  }),
  listed('p1', 'a2', 'L-B', '2009-03-01'),
  listed('p1', 'a3', 'L-C', '2024-04-01'),
  recorded('PendingListingWithdrawn', {
    personId: 'p1',
    associationId: 'a3',
    contractId: 'L-C',
    reason: 'REPLACED',
  }),
];

describe('pseudonymised link extract', () => {
  const secret = 'a-disclosure-secret-of-32-chars!';

  it('keeps every effective period, coarsened to months, and leaves out a withdrawn pending link', () => {
    const rows = toRows(extractLinks(history()), new Pseudonymiser(secret));
    expect(rows.map((r) => [r.contractId, r.fromMonth, r.toMonth, r.endReason])).toEqual([
      ['L-A', '2001-06', '2009-03', 'CHANGED'],
      ['L-B', '2009-03', null, null],
    ]);
    expect(rows[0].birthYear).toBe(1990);
  });

  it('never writes the national identity number or the internal person id', () => {
    const text = JSON.stringify(toRows(extractLinks(history()), new Pseudonymiser(secret)));
    expect(text).not.toContain('24029012349');
    expect(text).not.toContain('"p1"');
  });

  it('gives stable pseudonyms within a disclosure and unlinkable ones across disclosures', () => {
    // Two pseudonymisers with the same secret (two runs of one disclosure) agree on every id ...
    const run1 = new Pseudonymiser(secret);
    const run2 = new Pseudonymiser(secret);
    const other = new Pseudonymiser('another-secret-for-another-use');
    const ids = ['p1', 'p2', 'p10', '1'];
    expect(ids.map((id) => run2.pseudonym('person', id))).toEqual(
      ids.map((id) => run1.pseudonym('person', id)),
    );
    // ... distinct ids get distinct pseudonyms, in each id space and across them ...
    const all = [
      ...ids.map((id) => run1.pseudonym('person', id)),
      run1.pseudonym('gp', 1),
      run1.pseudonym('gp', 2),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const p of all) expect(p).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // ... and another disclosure's secret shares none of them.
    const elsewhere = [...ids.map((id) => other.pseudonym('person', id)), other.pseudonym('gp', 1)];
    expect(elsewhere.filter((p) => all.includes(p))).toEqual([]);
  });

  it('one person keeps one pseudonym across their rows; two persons get two', () => {
    const events = [
      ...history(),
      register('p2', '15038512363', '1985-03-15'),
      listed('p2', 'b1', 'L-A', '2005-01-01'),
    ];
    const rows = toRows(extractLinks(events), new Pseudonymiser(secret));
    const byContract = (contractId: string, birthYear: number) =>
      rows.find((r) => r.contractId === contractId && r.birthYear === birthYear)!.person;
    expect(byContract('L-A', 1990)).toBe(byContract('L-B', 1990));
    expect(byContract('L-A', 1985)).not.toBe(byContract('L-A', 1990));
    expect(new Set(rows.map((r) => r.person)).size).toBe(2);
  });

  it('refuses a short secret', () => {
    expect(() => new Pseudonymiser('short')).toThrow(/at least 16/);
  });
});

describe('aggregate tables', () => {
  it('suppresses cells below the minimum and counts exact dates, not coarsened months', () => {
    const events = [register('p1', '24029012349', '1990-02-24'), listed('p1', 'a1', 'L-A', '2001-06-01')];
    for (let i = 2; i <= 6; i++) {
      events.push(
        register(`p${i}`, '15038512363', '1985-03-15'),
        listed(`p${i}`, `a${i}`, 'L-A', '2001-06-01'),
      );
    }
    events.push(
      recorded('PatientUnlisted', {
        personId: 'p1',
        associationId: 'a1',
        contractId: 'L-A',
        to: '2010-01-02',
        endReason: 'DEATH',
      }),
    );
    const cells = listedOnNewYear(extractLinks(events), [2010], 5);
    expect(cells).toEqual([
      { year: 2010, municipality: '0301', sex: 'female', ageGroup: '16-44', listed: 6, suppressed: false },
    ]);
    const small = listedOnNewYear(extractLinks(events), [2010], 7);
    expect(small[0]).toMatchObject({ listed: null, suppressed: true });
  });
});
