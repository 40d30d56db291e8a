import { type BusinessDate, dateOfDayNumber, streams, toDayNumber } from '@flr/domain';
import type { GeneratedEvent } from './generated-event';
import type { World } from './world';

const FIRST_NAMES = [
  ['Anne', 'Ingrid', 'Kari', 'Marit', 'Liv', 'Hilde', 'Silje', 'Ida', 'Nora', 'Ragnhild', 'Maria', 'Eva'],
  ['Ole', 'Lars', 'Per', 'Jan', 'Knut', 'Bjørn', 'Arne', 'Erik', 'Magnus', 'Sindre', 'Henrik', 'Jonas'],
];
const SURNAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Berg',
  'Haugen',
  'Bakke',
];

/** Regular GPs are 35–60 when they start, vikarer 25–50 [U]; the share of women grows over time (§6). */
function gpBirthYearFrom(w: World, substitute = false): number {
  return Number(w.date.slice(0, 4)) - (substitute ? 50 : 60);
}
function femaleShare(w: World): number {
  return Math.min(0.55, 0.3 + 0.012 * (Number(w.date.slice(0, 4)) - 2001));
}

/** Registers a new GP and starts an LPFL period on list `c` from `from` (open-ended). */
export function* startRegularGp(w: World, c: number, from: BusinessDate): Generator<GeneratedEvent> {
  const hpr = yield* registerGp(w, gpBirthYearFrom(w), femaleShare(w));
  const period = w.newPeriodId();
  w.book.gp[c] = hpr;
  w.book.gpPeriod[c] = period.n;
  w.book.vacantUntil[c] = 0;
  w.book.gpFrom[c] = toDayNumber(from);
  yield w.emit(streams.contract(w.contractId(c)), 'DoctorPeriodStarted', {
    contractId: w.contractId(c),
    periodId: period.id,
    hpr,
    relationship: 'LPFL',
    from,
    to: null,
    substituteForHpr: null,
    workingPercentage: null,
  });
}

/** An LPVI (vikar) period `[from, to)`, for a named GP or for a vacant list (R37: moves nobody). */
export function* startSubstitute(
  w: World,
  c: number,
  from: BusinessDate,
  to: BusinessDate,
  forHpr: number | null,
): Generator<GeneratedEvent> {
  const hpr = yield* registerGp(w, gpBirthYearFrom(w, true), femaleShare(w));
  const period = w.newPeriodId();
  w.book.substituteUntil[c] = toDayNumber(to);
  yield w.emit(streams.contract(w.contractId(c)), 'DoctorPeriodStarted', {
    contractId: w.contractId(c),
    periodId: period.id,
    hpr,
    relationship: 'LPVI',
    from,
    to,
    substituteForHpr: forHpr,
    workingPercentage: 100,
  });
}

/** GpRegistered (HPR-nummer §1.6: opaque positive integers from 1,000,001). */
function* registerGp(
  w: World,
  birthYearFrom: number,
  femaleShare: number,
): Generator<GeneratedEvent, number> {
  const hpr = 1_000_000 + ++w.gpCount;
  const female = w.rng.chance(femaleShare);
  const sex = female ? 'female' : 'male';
  const name = `${w.rng.pick(FIRST_NAMES[female ? 0 : 1])} ${w.rng.pick(SURNAMES)}`;
  const birthDate = dateOfDayNumber(toDayNumber(`${birthYearFrom}-01-01`) + w.rng.int(365 * 25));
  yield w.emit(streams.gp(hpr), 'GpRegistered', {
    hpr,
    name,
    birthDate,
    sex,
    specialistInGeneralPractice: w.rng.chance(0.63),
  });
  return hpr;
}
