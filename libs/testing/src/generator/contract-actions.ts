import {
  addMonths,
  type BusinessDate,
  dateOfDayNumber,
  firstOfNextMonth,
  streams,
  toDayNumber,
} from '@flr/domain';
import { clipCeiling } from './contract-book';
import { vacancyMonthsIn, vacantShareIn } from './options';
import type { GeneratedEvent } from './generated-event';
import { startRegularGp, startSubstitute } from './gps';
import { IdKind } from './ids';
import type { World } from './world';

/**
 * A list left vacant (ubesatt) from `from` until a new GP starts, mostly with a vikar meanwhile. The
 * months are drawn from an exponential with mean `meanMonths` (by default the year's, §6: 1 % of lists
 * without a GP before 2016, 6 % in 2023): many short vacancies and a long tail (§6: 113–143 of ≈300
 * vacant for over a year).
 */
export function* leaveVacant(
  w: World,
  c: number,
  from: BusinessDate,
  meanMonths = vacancyMonthsIn(Number(from.slice(0, 4))),
): Generator<GeneratedEvent> {
  const until = addMonths(from, 1 + Math.floor(-(meanMonths - 1) * Math.log(1 - w.rng.next())));
  w.book.gp[c] = 0;
  w.book.vacantSince[c] = toDayNumber(from);
  w.book.vacantUntil[c] = toDayNumber(until);
  w.scheduleFill(c, until);
  if (w.rng.chance(0.85)) yield* startSubstitute(w, c, from, until, null);
}

/**
 * R34a: the GP leaves at the start of next month; a successor takes over the same list, or it stays
 * without a GP for a while. Lists left without a GP are mostly short ones (§6: about 600–660 patients
 * against 1,000–1,100 on the others), so the list of a GP who leaves no successor is the shortest of
 * a few drawn.
 */
export function* gpLeaves(w: World): Generator<GeneratedEvent> {
  const to = firstOfNextMonth(w.date);
  const toDay = toDayNumber(to);
  const vacant = w.rng.chance(vacantShareIn(Number(to.slice(0, 4))));
  let c = -1;
  for (let attempt = 0; attempt < 16 && (c < 0 || (vacant && attempt < 4)); attempt++) {
    const d = w.rng.int(w.book.size);
    // A GP stays at least half a year, and never leaves while a vikar covers for them.
    if (w.book.gp[d] === 0 || w.book.gpFrom[d] + 180 > toDay || w.book.substituteUntil[d] > toDay) continue;
    if (c < 0 || w.book.listSize[d] < w.book.listSize[c]) c = d;
  }
  if (c < 0) {
    w.summary.skippedActions++;
    return;
  }
  w.action();
  w.book.gpLeftDay[c] = toDay;
  w.book.gpLeftUntil[c] = toDayNumber(addMonths(to, w.rules.gpLeftExtraChangeWindowMonths));
  yield w.emit(streams.contract(w.contractId(c)), 'DoctorPeriodEnded', {
    contractId: w.contractId(c),
    periodId: w.ids.make(IdKind.doctorPeriod, w.book.gpPeriod[c]),
    to,
  });
  if (vacant) yield* leaveVacant(w, c, to);
  else yield* startRegularGp(w, c, to);
}

/** A vikar covering a named GP for 1–6 months from the 1st of next month. */
export function* substituteForGp(w: World): Generator<GeneratedEvent> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const c = w.rng.int(w.book.size);
    const from = firstOfNextMonth(w.date);
    if (w.book.gp[c] === 0 || w.book.gpFrom[c] > toDayNumber(from) || w.book.substituteUntil[c] > w.day)
      continue;
    w.action();
    yield* startSubstitute(w, c, from, addMonths(from, w.rng.between(1, 6)), w.book.gp[c]);
    return;
  }
  w.summary.skippedActions++;
}

/** R27/R29: the ceiling changes by up to ±20 %; nobody is moved by it. */
export function* changeCeiling(w: World): Generator<GeneratedEvent> {
  const c = w.rng.int(w.book.size);
  if (w.book.canceled(c)) return;
  const previous = w.book.maxPatients[c];
  const next = clipCeiling(previous * (0.8 + 0.4 * w.rng.next()));
  if (next === previous) return;
  w.book.maxPatients[c] = next;
  w.action();
  yield w.emit(streams.contract(w.contractId(c)), 'ListCeilingChanged', {
    contractId: w.contractId(c),
    maxPatients: next,
    previousMaxPatients: previous,
    on: w.date,
  });
}

/**
 * R14: Helfo locks a list by hand (`ChangeListStatus`, by 'manual') for 1–6 months; while locked it
 * takes nobody new (no choice, no placement, no promotion, no waiting-list join; only a newborn by
 * override) and keeps its patients. `openLockedList` opens it again.
 */
export function* lockList(w: World): Generator<GeneratedEvent> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const c = w.rng.int(w.book.size);
    if (w.book.locked(c) || w.book.canceled(c) || w.book.validFromDay[c] > w.day) continue;
    w.book.lockedUntil[c] = toDayNumber(addMonths(w.date, w.rng.between(1, 6)));
    w.lockedLists.add(c);
    w.action();
    yield listStatusChanged(w, c, 'locked', 'open');
    return;
  }
  w.summary.skippedActions++;
}

/** R14: a locked list whose time has come is opened again by hand. */
export function* openLockedList(w: World, c: number): Generator<GeneratedEvent> {
  w.book.lockedUntil[c] = 0;
  w.lockedLists.delete(c);
  w.action();
  yield listStatusChanged(w, c, 'open', 'locked');
}

function listStatusChanged(
  w: World,
  c: number,
  status: 'open' | 'locked',
  previousStatus: 'open' | 'locked',
): GeneratedEvent {
  return w.emit(streams.contract(w.contractId(c)), 'ListStatusChanged', {
    contractId: w.contractId(c),
    status,
    previousStatus,
    by: 'manual',
    on: w.date,
  });
}

/**
 * A new list in `origin` from `validFrom` (default today): with its GP from the start, or vacant
 * (`vacant` true: for the year's vacancy months, see `leaveVacant`; a number: for that many months on
 * average).
 */
export function* createContract(
  w: World,
  origin: number,
  maxPatients: number,
  orgNo: string,
  fixedSalary: boolean,
  vacant: boolean | number,
  validFrom: BusinessDate = w.date,
): Generator<GeneratedEvent, number> {
  const c = w.book.add(origin, maxPatients, orgNo);
  w.book.createdCode[c] = w.contractCode(c);
  w.book.validFromDay[c] = toDayNumber(validFrom);
  w.action();
  yield w.emit(streams.contract(w.contractId(c)), 'ContractCreated', {
    contractId: w.contractId(c),
    municipality: w.contractCode(c),
    officeOrgNo: orgNo,
    maxPatients,
    validFrom,
    commonList: false,
    fixedSalary,
    status: 'open',
  });
  if (vacant === false) yield* startRegularGp(w, c, validFrom);
  else yield* leaveVacant(w, c, validFrom, vacant === true ? undefined : vacant);
  return c;
}

export function dayAfter(date: BusinessDate): BusinessDate {
  return dateOfDayNumber(toDayNumber(date) + 1);
}
