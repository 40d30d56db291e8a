import { makeNin } from '@flr/domain';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands } from '../commands/e2e-helpers';

/** A valid fødselsnummer for the birth date (the first individnummer with valid check digits). */
function nin(birthDate: string, from: number): string {
  for (let i = from; i < from + 50; i++) {
    const n = makeNin(birthDate, i);
    if (n) return n;
  }
  throw new Error(`no nin for ${birthDate}`);
}

const MOTHER = nin('1985-03-15', 400);
const FATHER = nin('1984-07-01', 400);
const CHILD = nin('2015-05-01', 500);
const ADULT_CHILD = nin('2005-02-02', 500);
const FILLER = nin('1970-01-10', 300);
const WAITER_1 = nin('1971-01-11', 300);
const WAITER_2 = nin('1972-01-12', 300);
const UNASSIGNED = nin('1990-09-09', 300);
const OPTED_OUT = nin('1991-10-10', 300);
const DECEASED = nin('1940-04-04', 300);

describe('administrators’ view of a person over HTTP (issue 11)', () => {
  let t: CommandApp;
  let head: string;
  const view = async (path: string) => {
    const res = await t.get(path, head);
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await startCommandApp();
    const c = commands(t);
    await c.contract('L-A', 10);
    await c.contract('L-B', 1);
    await c.person(MOTHER, { householdId: 'H1', sex: 'female' });
    await c.person(FATHER, { householdId: 'H1', sex: 'male' });
    await c.person(CHILD, { householdId: 'H1', parents: [MOTHER, FATHER] });
    await c.person(ADULT_CHILD, { householdId: 'H1', parents: [MOTHER] });
    for (const p of [FILLER, WAITER_1, WAITER_2, UNASSIGNED, OPTED_OUT, DECEASED]) await c.person(p);
    await c.assign(MOTHER, 'L-A', '2024-01-10');
    await c.assign(FILLER, 'L-B', '2024-01-10');
    await c.assign(DECEASED, 'L-A', '2024-01-10');
    await c.ok('/v1/waiting-lists/L-B', { nin: WAITER_1, registeredAt: at('2024-03-15') });
    await c.ok('/v1/waiting-lists/L-B', { nin: WAITER_2, registeredAt: at('2024-03-16') });
    await c.ok(`/v1/persons/${OPTED_OUT}/opt-out`, { registeredAt: at('2024-03-20') });
    await c.ok(`/v1/persons/${MOTHER}/moves`, {
      municipality: '1103',
      householdId: 'H2',
      movedOn: '2024-05-02',
      registeredAt: at('2024-05-03'),
    });
    await c.ok(`/v1/persons/${DECEASED}/death`, { diedOn: '2024-06-10', registeredAt: at('2024-06-11') });
    head = (await t.head()).toString();
  });
  afterAll(async () => t.close());

  it('shows status, residence history, household, children and who may act for whom', async () => {
    const before = await view(`/v1/persons/${MOTHER}?at=2024-04-30`);
    expect(before).toMatchObject({
      nin: MOTHER,
      status: 'resident',
      municipality: '0301',
      household: { householdId: 'H1' },
      entitlement: { entitled: true, rule: 'R1' },
      lists: { current: { contractId: 'L-A', period: { from: '2024-02-01', to: null } }, pending: null },
    });
    expect(before.household.members.map((m: { nin: string }) => m.nin).sort()).toEqual(
      [FATHER, CHILD, ADULT_CHILD].sort(),
    );
    const kids = Object.fromEntries(before.children.map((k: { nin: string }) => [k.nin, k]));
    // R11: a parent acts for a child under 16 sharing the address; at 16 the young person chooses (R12).
    expect(kids[CHILD]).toMatchObject({ age: 8, sharesAddress: true, mayActForChild: true });
    expect(kids[ADULT_CHILD]).toMatchObject({ age: 19, sharesAddress: true, mayActForChild: false });

    const after = await view(`/v1/persons/${MOTHER}?at=2024-05-10`);
    expect(after.municipality).toBe('1103');
    expect(after.municipalityHistory).toEqual([
      { municipality: '0301', period: { from: '2020-01-01', to: '2024-05-02' } },
      { municipality: '1103', period: { from: '2024-05-02', to: null } },
    ]);
    expect(after.household.householdId).toBe('H2');
    // Moved away from the child: the mother no longer acts for them, the father still does.
    expect(after.children.find((k: { nin: string }) => k.nin === CHILD).mayActForChild).toBe(false);
    const child = await view(`/v1/persons/${CHILD}?at=2024-05-10`);
    const parents = Object.fromEntries(child.parents.map((p: { nin: string }) => [p.nin, p]));
    expect(parents[FATHER]).toMatchObject({ sharesAddress: true, mayActForThisPerson: true });
    expect(parents[MOTHER]).toMatchObject({ sharesAddress: false, mayActForThisPerson: false });
  });

  it('shows changes left this year and the move exception with the day it expires (R15, R16)', async () => {
    const v = await view(`/v1/persons/${MOTHER}?at=2024-05-10`);
    expect(v.changes).toMatchObject({ year: 2024, limit: 2, used: 0, left: 2 });
    expect(v.changes.exceptions).toEqual([
      expect.objectContaining({ kind: 'MOVE', rule: 'R16', availableUntil: '2024-11-02' }),
    ]);
    // Past the window the exception is gone.
    const late = await view(`/v1/persons/${MOTHER}?at=2024-11-02`);
    expect(late.changes.exceptions).toEqual([]);
    // The move letter (R40) is on record.
    expect(v.letters).toEqual([
      expect.objectContaining({ kind: 'MOVE_OFFER', rule: 'R40', on: '2024-05-03' }),
    ]);
  });

  it('shows the waiting-list entry with its place in the queue (R23)', async () => {
    const second = await view(`/v1/persons/${WAITER_2}`);
    expect(second.waitingList).toMatchObject({ contractId: 'L-B', placeInQueue: 2, queueLength: 2 });
    const first = await view(`/v1/persons/${WAITER_1}`);
    expect(first.waitingList).toMatchObject({ placeInQueue: 1 });
    expect((await view(`/v1/persons/${MOTHER}`)).waitingList).toBeNull();
  });

  it('shows a death on its date (valid time) and only once recorded (record time)', async () => {
    expect((await view(`/v1/persons/${DECEASED}?at=2024-06-09`)).status).toBe('resident');
    const dead = await view(`/v1/persons/${DECEASED}?at=2024-06-20`);
    expect(dead).toMatchObject({
      status: 'dead',
      entitlement: { entitled: false },
      lists: { current: null },
    });
    const believed = await view(`/v1/persons/${DECEASED}?at=2024-06-20&asOf=2024-06-10T23:00:00Z`);
    expect(believed).toMatchObject({ status: 'resident', lists: { current: { contractId: 'L-A' } } });
  });

  it('shows opted-out persons as such', async () => {
    const v = await view(`/v1/persons/${OPTED_OUT}?at=2024-04-01`);
    expect(v).toMatchObject({ status: 'opted-out', entitlement: { entitled: true } });
  });

  it('answers 404 UNKNOWN_PERSON and 400 INVALID_NIN like the other person queries', async () => {
    expect((await t.get(`/v1/persons/${nin('1999-12-12', 300)}`, head)).body.code).toBe('UNKNOWN_PERSON');
    expect((await t.get('/v1/persons/12345678901', head)).status).toBe(400);
  });

  it('searches persons by municipality, status, without a GP and on a waiting list, paged', async () => {
    const waiting = await view('/v1/persons?onWaitingList=true&at=2024-06-20');
    expect(waiting.map((p: { nin: string }) => p.nin)).toEqual([WAITER_1, WAITER_2]);
    const dead = await view('/v1/persons?status=dead');
    expect(dead).toEqual([expect.objectContaining({ nin: DECEASED, status: 'dead' })]);
    const stavanger = await view('/v1/persons?municipality=1103&at=2024-06-20');
    expect(stavanger).toEqual([expect.objectContaining({ nin: MOTHER, contractId: 'L-A' })]);
    const noGp = await view('/v1/persons?municipality=0301&withoutGp=true&status=resident&at=2024-06-20');
    expect(noGp.map((p: { nin: string }) => p.nin).sort()).toEqual(
      [FATHER, CHILD, ADULT_CHILD, WAITER_1, WAITER_2, UNASSIGNED].sort(),
    );
    // Paging: two at a time, following the Link header, gives the same persons once each.
    const seen: string[] = [];
    let next: string | null =
      '/v1/persons?municipality=0301&withoutGp=true&status=resident&at=2024-06-20&limit=2';
    while (next) {
      const res: Response = await fetch(`${t.url}${next}`, { headers: { 'x-min-position': head } });
      const page = (await res.json()) as { nin: string }[];
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((p) => p.nin));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(seen.sort()).toEqual(noGp.map((p: { nin: string }) => p.nin).sort());
    const bad = await t.get('/v1/persons?status=asleep&withoutGp=maybe', head);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['status', 'withoutGp']);
  });

  it('lists the ufordelte of a municipality, longest waiting first, without the opted out and the listed', async () => {
    const list = await view('/v1/municipalities/0301/unassigned?at=2024-06-20');
    const nins = list.map((p: { nin: string }) => p.nin);
    expect(nins).toContain(UNASSIGNED);
    expect(nins).not.toContain(OPTED_OUT);
    expect(nins).not.toContain(FILLER);
    expect(nins).not.toContain(DECEASED);
    expect(nins).not.toContain(MOTHER);
    expect(list.find((p: { nin: string }) => p.nin === UNASSIGNED)).toMatchObject({
      since: '2020-01-01',
      placement: 'automatic',
    });
    const page = await t.get('/v1/municipalities/0301/unassigned?at=2024-06-20&limit=1', head);
    expect(page.body).toHaveLength(1);
  });
});

describe('the ufordelte’s `since` after opting back in (R42, R8)', () => {
  let t: CommandApp;
  afterAll(async () => t?.close());

  it('counts from the opt-in, not from the registration or the end of the list before the opt-out', async () => {
    t = await startCommandApp();
    const c = commands(t);
    await c.contract('L-A', 10);
    const neverListed = nin('1993-03-03', 300);
    const wasListed = nin('1994-04-04', 300);
    await c.person(neverListed);
    await c.person(wasListed);
    await c.assign(wasListed, 'L-A');
    for (const n of [neverListed, wasListed])
      await c.ok(`/v1/persons/${n}/opt-out`, { registeredAt: at('2024-03-15') });
    let last = '';
    for (const n of [neverListed, wasListed])
      last = (await c.ok(`/v1/persons/${n}/opt-in`, { registeredAt: at('2024-05-10') })).position;
    const res = await t.get('/v1/municipalities/0301/unassigned?at=2024-05-20', last);
    expect(res.status).toBe(200);
    const since = Object.fromEntries(res.body.map((p: { nin: string; since: string }) => [p.nin, p.since]));
    // R42: opting back in makes the person ufordelt then; the time opted out is no time waiting (R8).
    expect(since).toEqual({ [neverListed]: '2024-05-10', [wasListed]: '2024-05-10' });
  });
});
