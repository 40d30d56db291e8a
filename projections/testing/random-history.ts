import { addDays, firstOfNextMonth } from '../shared/dates';
import { Scenario } from './scenario';

/** A small deterministic PRNG (mulberry32) so a failing seed replays exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PersonState {
  nin: string;
  current: { a: string; c: string } | null;
  pending: { a: string; c: string; from: string } | null;
  waiting: string | null;
  gone: boolean;
}

const CONTRACTS = ['C0', 'C1', 'C2'];
const nin = (i: number, gen: number) => `${String(10 + gen).padStart(2, '0')}0${String(i).padStart(8, '0')}`;

/**
 * A random but valid register history: contracts with doctor periods, people listed, changing GP
 * (a second change in a month replaces the pending one, §4.3), dying (sometimes registered late: a
 * backdated end), changing nin, joining and leaving waiting lists, ceiling and status changes.
 * Record time (registeredAt) increases strictly; effective dates follow R17.
 */
export function randomHistory(seed: number, steps: number, people = 6): Scenario {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const s = new Scenario().gp(1, 'A Lege').gp(2, 'B Lege').gp(3, 'C Vikar');
  // Registered before the first step's record time (the walk starts in February 2001), so record
  // time increases along the log as in the register, where a list exists before anyone joins it.
  const setUp = '2001-01-01';
  for (const c of CONTRACTS)
    s.contract(c, '2001-06-01', 2 + Math.floor(random() * 4), '0301', { registeredAt: setUp });
  s.doctor('C0', 'd0', 1, 'LPFL', '2001-06-01', null, null, setUp).doctor(
    'C1',
    'd1',
    2,
    'LPFL',
    '2001-06-01',
    '2010-01-01',
    null,
    setUp,
  );
  const persons: PersonState[] = [];
  for (let i = 0; i < people; i++) {
    persons.push({ nin: nin(i, 0), current: null, pending: null, waiting: null, gone: false });
    s.person(`p${i}`, persons[i].nin, '2001-01-01');
  }
  let day = '2001-02-01';
  let assoc = 0;
  let minute = 0;
  const at = () =>
    `${day}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute++ % 60).padStart(2, '0')}:00Z`;
  for (let step = 0; step < steps; step++) {
    if (random() < 0.5) {
      day = addDays(day, 1 + Math.floor(random() * 120));
      minute = 0;
    }
    if (minute > 500) continue;
    for (const q of persons)
      if (q.pending && q.pending.from <= day) {
        q.current = { a: q.pending.a, c: q.pending.c };
        q.pending = null;
      }
    const i = Math.floor(random() * people);
    const p = persons[i];
    const pid = `p${i}`;
    const action = random();
    const from = firstOfNextMonth(day);
    if (p.gone) continue;
    if (action < 0.45) {
      // choose (or change) a list; a pending change in the same month is replaced (§4.3)
      const c = pick(CONTRACTS.filter((x) => x !== p.current?.c));
      if (p.pending) {
        s.add(
          'PendingListingWithdrawn',
          { personId: pid, associationId: p.pending.a, contractId: p.pending.c, reason: 'REPLACED' },
          at(),
        );
        p.pending = null;
      }
      const a = `x${++assoc}`;
      s.list(pid, c, from, at(), p.current ? 'CHOICE' : 'AUTO_NEW_RESIDENT', a);
      if (p.current) s.unlist(pid, p.current.a, p.current.c, from, at());
      p.pending = { a, c, from };
    } else if (action < 0.6) {
      // the 1st of the month passed: the pending link took effect
      if (p.pending && p.pending.from <= addDays(day, 40)) {
        day = p.pending.from;
        minute = 0;
        p.current = { a: p.pending.a, c: p.pending.c };
        p.pending = null;
      }
    } else if (action < 0.68) {
      // death, possibly registered weeks later (a backdated end)
      const died = addDays(day, -Math.floor(random() * 30));
      if (p.pending)
        s.add(
          'PendingListingWithdrawn',
          { personId: pid, associationId: p.pending.a, contractId: p.pending.c, reason: 'LEFT_SCHEME' },
          at(),
        );
      if (p.current) s.unlist(pid, p.current.a, p.current.c, addDays(died, 1), at(), 'DEATH'); // R38
      if (p.waiting)
        s.add('WaitingListLeft', { personId: pid, contractId: p.waiting, reason: 'DEATH', on: day }, at());
      s.add('PersonDied', { personId: pid, diedOn: died }, at());
      p.gone = true;
    } else if (action < 0.75) {
      const newNin = nin(i, Math.floor(random() * 80) + 1);
      if (newNin === p.nin || persons.some((q) => q.nin === newNin)) continue;
      s.add('PersonNinChanged', { personId: pid, oldNin: p.nin, newNin }, at());
      p.nin = newNin;
    } else if (action < 0.85) {
      const c = pick(CONTRACTS);
      if (p.waiting === c) {
        s.add('WaitingListLeft', { personId: pid, contractId: c, reason: 'LEFT', on: day }, at());
        p.waiting = null;
      } else {
        if (p.waiting)
          s.add(
            'WaitingListLeft',
            { personId: pid, contractId: p.waiting, reason: 'REPLACED', on: day },
            at(),
          );
        const joinedAt = at();
        s.add('WaitingListJoined', { personId: pid, contractId: c, joinedAt, requestedBy: null }, joinedAt);
        p.waiting = c;
      }
    } else if (action < 0.92) {
      const c = pick(CONTRACTS);
      s.add(
        'ListCeilingChanged',
        { contractId: c, maxPatients: 1 + Math.floor(random() * 6), previousMaxPatients: 0, on: from },
        at(),
      );
    } else if (action < 0.97) {
      const c = pick(CONTRACTS);
      const status = pick(['open', 'closed', 'locked'] as const);
      s.add(
        'ListStatusChanged',
        { contractId: c, status, previousStatus: 'open', by: 'manual', on: day },
        at(),
      );
    } else {
      const c = pick(CONTRACTS);
      const periodId = `v${step}`;
      s.doctor(c, periodId, 3, 'LPVI', day, addDays(day, 30), null, at());
      if (random() < 0.5) s.add('DoctorPeriodEnded', { contractId: c, periodId, to: addDays(day, 10) }, at());
    }
  }
  return s;
}
