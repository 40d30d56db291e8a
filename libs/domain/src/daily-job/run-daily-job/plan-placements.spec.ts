import { sendAge16Letter } from '../../person/send-age-16-letter/send-age-16-letter.decide';
import { DEFAULT_REGISTER_RULES } from '../../rules/settings';
import { BERGEN, child, MOTHER, OSLO, personSpec, registered } from '../../testing';
import {
  age16LetterBirthdays,
  childPlacementReason,
  jobPlacementDate,
  listOrder,
  listTurn,
  municipalityQueues,
  residentPlacementReason,
  takesMore,
} from './plan-placements';

// The person's state is folded from given facts with the decider spec's `given(...).state()`.
const { given } = personSpec(sendAge16Letter);
const adult = (personId: string, municipality = OSLO) =>
  given(registered(personId, { municipality })).state();
const kid = (personId: string, parentIds: string[], municipality = OSLO) =>
  given(registered(personId, { birthDate: '2020-05-05', parentIds, municipality })).state();

const policy = (off: string[] = [], renumbered: Record<string, string> = {}) => ({
  autoAssignOn: (m: string) => !off.includes(m),
  canonical: (m: string) => renumbered[m] ?? m,
});
const ids = (queue: { personId: string }[] | undefined) => (queue ?? []).map((p) => p.personId);

describe('the daily job plans: the municipality queues (R7, R8, R9, R11)', () => {
  it('groups the unassigned by municipality in the order given (longest waiting first, R8)', () => {
    const queues = municipalityQueues(
      [adult('a', BERGEN), adult('b'), adult('c', BERGEN)],
      '2024-03-05',
      policy(),
    );
    expect(ids(queues.get(BERGEN))).toEqual(['a', 'c']);
    expect(ids(queues.get(OSLO))).toEqual(['b']);
  });

  it('R9: where automatic assignment is off nobody is queued; the other municipalities are unaffected', () => {
    const queues = municipalityQueues([adult('a', BERGEN), adult('b')], '2024-03-05', policy([BERGEN]));
    expect(queues.has(BERGEN)).toBe(false);
    expect(ids(queues.get(OSLO))).toEqual(['b']);
  });

  it('R11: a child whose parent is queued in this run waits to follow the parent; a child alone is queued', () => {
    const queues = municipalityQueues(
      [adult(MOTHER), kid('with-mother', [MOTHER]), kid('alone', ['nobody-here'])],
      '2024-03-05',
      policy(),
    );
    expect(ids(queues.get(OSLO))).toEqual([MOTHER, 'alone']);
    // A parent whose municipality placed nobody (R9 off) does not hold the child back.
    const off = municipalityQueues(
      [adult(MOTHER, BERGEN), kid('k', [MOTHER])],
      '2024-03-05',
      policy([BERGEN]),
    );
    expect(ids(off.get(OSLO))).toEqual(['k']);
  });

  it('§1.8: a renumbered municipality queues under its number in force, with the residents of both numbers', () => {
    const queues = municipalityQueues(
      [adult('old', '0219'), adult('new', '3201')],
      '2024-03-05',
      policy([], { '0219': '3201' }),
    );
    expect([...queues.keys()]).toEqual(['3201']);
    expect(ids(queues.get('3201'))).toEqual(['old', 'new']);
  });
});

describe('the daily job plans: a list’s turn (R8, R14, R22/R23)', () => {
  it('unassigned residents first, then the waiting list first come first served', () => {
    expect(listTurn([adult('u1'), adult('u2')], ['w1', 'w2'], 'AUTO_NEW_RESIDENT')).toEqual([
      { kind: 'unassigned', personId: 'u1', reason: 'AUTO_NEW_RESIDENT' },
      { kind: 'unassigned', personId: 'u2', reason: 'AUTO_NEW_RESIDENT' },
      { kind: 'waiting', personId: 'w1' },
      { kind: 'waiting', personId: 'w2' },
    ]);
  });

  it('R14: only an open list with a free place takes more', () => {
    expect(takesMore({ status: 'open', freePlaces: 1 })).toBe(true);
    expect(takesMore({ status: 'open', freePlaces: 0 })).toBe(false);
    expect(takesMore({ status: 'closed', freePlaces: 12 })).toBe(false);
    expect(takesMore({ status: 'locked', freePlaces: 12 })).toBe(false);
  });

  it('visits lists by contract id, so a re-run plans the same', () => {
    expect(listOrder(['L-C', 'L-A', 'L-B'])).toEqual(['L-A', 'L-B', 'L-C']);
  });
});

describe('the daily job plans: placement reasons (§3.10, R7, R10)', () => {
  it('up to and including the start date the initial distribution, after it a new resident', () => {
    expect(residentPlacementReason('2001-05-31', '2001-06-01')).toBe('INITIAL_2001');
    expect(residentPlacementReason('2001-06-01', '2001-06-01')).toBe('INITIAL_2001');
    expect(residentPlacementReason('2001-06-02', '2001-06-01')).toBe('AUTO_NEW_RESIDENT');
  });

  it('a child under one year is a newborn, an older child goes with a parent; the initial run is initial', () => {
    const born = given(child('2024-03-06')).state();
    expect(childPlacementReason(born, '2025-03-05', '2001-06-01')).toBe('NEWBORN');
    expect(childPlacementReason(born, '2025-03-06', '2001-06-01')).toBe('CHILD_WITH_PARENT');
    expect(childPlacementReason(born, '2001-05-31', '2001-06-01')).toBe('INITIAL_2001');
  });

  it('the initial distribution takes effect at the start, even when run on that day; later runs the next 1st', () => {
    const rules = { ...DEFAULT_REGISTER_RULES, schemeStart: '2001-06-01' };
    expect(jobPlacementDate('2001-03-01', rules)).toBe('2001-06-01');
    expect(jobPlacementDate('2001-06-01', rules)).toBe('2001-06-01');
    expect(jobPlacementDate('2001-06-02', rules)).toBe('2001-07-01');
  });
});

describe('the daily job plans: the age-16 letter (R12)', () => {
  it('looks at the birthdays of those who turned 16 in the last 40 days, today’s included', () => {
    const days = age16LetterBirthdays('2024-03-05');
    expect(days).toHaveLength(41);
    expect(days[0]).toBe('2008-01-25');
    expect(days.at(-1)).toBe('2008-03-05');
    // Not yet 16 tomorrow's birthday; a leap-day birthday is in the window of its year.
    expect(days).not.toContain('2008-03-06');
    expect(age16LetterBirthdays('2024-03-01')).toContain('2008-02-29');
  });
});
