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
    const a = new Pseudonymiser(secret);
    const b = new Pseudonymiser('another-secret-for-another-use');
    expect(a.pseudonym('person', 'p1')).toBe(a.pseudonym('person', 'p1'));
    expect(a.pseudonym('person', 'p1')).not.toBe(b.pseudonym('person', 'p1'));
    expect(a.pseudonym('person', '1')).not.toBe(a.pseudonym('gp', 1));
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
