import { addDays, addMonths, firstOfMonth, streams, toDayNumber } from '@flr/domain';
import { CALIBRATION_DATES, type CalibrationFigures } from './calibration';
import { clipCeiling } from './contract-book';
import {
  changeCeiling,
  createContract,
  gpLeaves,
  lockList,
  openLockedList,
  substituteForGp,
} from './contract-actions';
import { startRegularGp } from './gps';
import type { GeneratedEvent } from './generated-event';
import { endContract, reduceList } from './list-decisions';
import { immigrationIn, listLengthIn } from './options';
import {
  birth,
  death,
  emigration,
  immigration,
  joinWaitingList,
  leaveListWithoutGp,
  leaveWaitingList,
  move,
  RETURN_MEMORY_DAYS,
  voluntaryChange,
} from './person-actions';
import type { World } from './world';

type Action = (w: World) => Generator<GeneratedEvent>;

/** Mean months a new list opened without a GP waits for its first one [U]. */
const NEW_LIST_VACANCY_MONTHS = 2;

/** Person actions per day, with their yearly rate per resident. */
const PERSON_ACTIONS: ReadonlyArray<readonly [Action, (w: World) => number]> = [
  [death, (w) => w.rates.deaths],
  [emigration, (w) => w.rates.emigration],
  [birth, (w) => w.rates.births],
  [immigration, (w) => immigrationIn(Number(w.date.slice(0, 4)), w.rates.immigration)],
  [move, (w) => w.rates.moves],
  // From the waiting lists' launch, part of the wish to change goes through them instead (§6).
  // [D: half, fitted to §6's 5–6 % changes a year with the promotions from the waiting lists]
  [voluntaryChange, (w) => w.rates.voluntaryChanges * (w.date < w.rules.waitingListFrom ? 1 : 0.5)],
  [joinWaitingList, (w) => w.rates.waitingListJoins],
  // Per resident, so that each person waiting leaves at `waitingListExits` a year.
  [leaveWaitingList, (w) => (w.rates.waitingListExits * w.waitingCount) / Math.max(1, w.pop.aliveCount)],
];
/** List actions per day, with their yearly rate per list. */
const LIST_ACTIONS: ReadonlyArray<readonly [Action, (w: World) => number]> = [
  [gpLeaves, (w) => w.rates.gpTurnover],
  [substituteForGp, (w) => w.rates.substitutes],
  [changeCeiling, (w) => w.rates.ceilingChanges],
  [lockList, (w) => w.rates.listLocks],
];
/** The municipality's many-person decisions, registered on the 1st, with their yearly rate per list. */
const DECISIONS: ReadonlyArray<readonly [Action, (w: World) => number]> = [
  [endContract, (w) => w.rates.contractEnds],
  [reduceList, (w) => w.rates.listReductions],
];

/**
 * Month by month from `from` to `to`: the month's expected counts are spread over its days, and each
 * day's actions run in a fixed order, so events come out in registration order.
 */
export function* simulate(w: World, initialPerList: number): Generator<GeneratedEvent> {
  w.listLength = initialPerList;
  const actions = [...PERSON_ACTIONS, ...LIST_ACTIONS];
  for (let month = firstOfMonth(w.from); month < w.to; month = addMonths(month, 1)) {
    // Business dates compare as strings: clip the month to [from, to).
    const start = [month, w.from].sort()[1];
    const end = [addMonths(month, 1), w.to].sort()[0];
    const days = toDayNumber(end) - toDayNumber(start);
    const perDay = actions.map(() => new Int32Array(days));
    w.setDay(start);
    actions.forEach(([, rate], k) => {
      const base = k < PERSON_ACTIONS.length ? w.pop.aliveCount : w.book.activeCount;
      const n = w.rng.count(((base * rate(w)) / 12) * (days / 30.44));
      for (let i = 0; i < n; i++) perDay[k][w.rng.int(days)]++;
    });
    // Decisions are registered on the 1st, effective the next 1st (R30, R34b).
    const decisions = DECISIONS.map(([, rate]) => w.rng.count((w.book.activeCount * rate(w)) / 12));
    // R16: patients of lists without a GP drift away to lists with one, most in the first 6 months
    // (§6: those lists are shorter).
    const exits: number[][] = Array.from({ length: days }, () => []);
    for (const c of vacantListsNow(w)) {
      const young = w.day - w.book.vacantSince[c] < 183;
      const rate = young ? w.rates.leaveVacantList : w.rates.leaveLongVacantList;
      const n = w.rng.count((w.book.listSize[c] * rate * days) / 30.44);
      for (let i = 0; i < n; i++) exits[w.rng.int(days)].push(c);
    }
    for (let d = 0; d < days; d++) {
      w.setDay(addDays(start, d));
      if (w.date.endsWith('-01-01')) yield* newYear(w, initialPerList);
      if (CALIBRATION_DATES.includes(w.date)) w.summary.calibration.push(figuresOf(w));
      const fills = w.fills.get(w.date);
      if (fills) {
        w.fills.delete(w.date);
        for (const c of fills) {
          if (w.book.gp[c] !== 0 || w.book.vacantUntil[c] !== w.day || w.book.canceled(c)) continue;
          w.action();
          yield* startRegularGp(w, c, w.date);
        }
      }
      // R14: locked lists whose time has come are opened again before the day's registrations.
      for (const c of [...w.lockedLists]) if (w.book.lockedUntil[c] <= w.day) yield* openLockedList(w, c);
      if (d === 0 && w.date.endsWith('-01'))
        for (let k = 0; k < DECISIONS.length; k++)
          for (let i = decisions[k]; i > 0; i--) yield* DECISIONS[k][0](w);
      for (let k = 0; k < actions.length; k++) {
        for (let i = perDay[k][d]; i > 0; i--) yield* actions[k][0](w);
      }
      for (const c of exits[d]) yield* leaveListWithoutGp(w, c);
      // R22: the daily job gives free places to the waiting, after the day's registrations.
      if (w.date >= w.rules.waitingListFrom) yield* w.waiting.promote();
    }
  }
}

/**
 * 1 January: §1.8 code changes (never moves), then new lists where places run short; new lists get the
 * falling target length (§6: list length falls from ≈1,150 to ≈1,000 while lists grow from ≈3,900 to ≈5,600).
 */
function* newYear(w: World, initialPerList: number): Generator<GeneratedEvent> {
  for (const change of w.munis.renumberingsOn(w.date)) {
    w.action();
    w.renumbered.set(change.oldNumber, { newNumber: change.newNumber, effectiveFrom: change.effectiveFrom });
    yield w.emit(streams.municipality(change.oldNumber), 'MunicipalityRenumbered', {
      oldNumber: change.oldNumber,
      newNumber: change.newNumber,
      effectiveFrom: change.effectiveFrom,
    });
  }
  // R13b only looks 3 years back: forget older residences, so memory stays bounded by the movers of 3 years.
  for (const [p, residences] of w.pastResidences) {
    if (residences[residences.length - 1].leftDay <= w.day - RETURN_MEMORY_DAYS) w.pastResidences.delete(p);
  }
  const year = Number(w.date.slice(0, 4));
  // Lists follow §6's average length (scaled by the run's own start, so a scaled run keeps its ratio);
  // and there are always places for about 4 % more people than are listed (§6: 97 % occupancy).
  const target = (initialPerList * listLengthIn(year)) / listLengthIn(2001);
  w.listLength = target;
  const byLength = Math.ceil(w.pop.aliveCount / target) - w.book.activeCount;
  const byPlaces = Math.ceil((w.pop.aliveCount / 0.96 - w.book.totalCapacity()) / target);
  const wanted = Math.max(byLength, byPlaces);
  for (let i = 0; i < wanted; i++) {
    const o = busiestOrigin(w);
    const c = yield* createContract(
      w,
      o,
      clipCeiling(w.rng.normal(target, 0.25 * target)),
      w.newOrgNo(),
      w.rng.chance(0.3),
      // A new list often opens a little before its GP comes [U: 20 %, 2 months on average]: it takes
      // few patients meanwhile (§6: lists without a GP are short ones). It is a GP position being
      // filled, not a GP who left, so it does not wait the year's vacancy months.
      w.rng.chance(0.2) ? NEW_LIST_VACANCY_MONTHS : false,
    );
    w.listedOrigins[w.book.origin[c]] = 1;
  }
}

/** The municipality with the most residents per list place. */
function busiestOrigin(w: World): number {
  const capacity = new Float64Array(w.munis.origins.length);
  for (let c = 0; c < w.book.size; c++)
    if (!w.book.canceled(c)) capacity[w.book.origin[c]] += w.book.maxPatients[c];
  let best = 0;
  let bestRatio = -1;
  for (let o = 0; o < capacity.length; o++) {
    if (!w.listedOrigins[o]) continue;
    const ratio = w.pop.aliveByOrigin[o] / Math.max(1, capacity[o]);
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = o;
    }
  }
  return best;
}

/** §6's figures as they stand at the start of today (before the day's actions). */
function figuresOf(w: World): CalibrationFigures {
  let listed = 0;
  for (let i = 0; i < w.pop.aliveCount; i++) if (w.pop.contract[w.pop.aliveAt(i)] >= 0) listed++;
  let withoutGp = 0;
  let onListsWithoutGp = 0;
  let onListsWithGp = 0;
  for (let c = 0; c < w.book.size; c++) {
    if (!inForce(w, c)) continue;
    if (w.book.gp[c] === 0) {
      withoutGp++;
      onListsWithoutGp += w.book.listSize[c];
    } else onListsWithGp += w.book.listSize[c];
  }
  let lists = 0;
  for (let c = 0; c < w.book.size; c++) if (inForce(w, c)) lists++;
  return {
    date: w.date,
    residents: w.pop.aliveCount,
    lists,
    listsWithoutGp: withoutGp,
    listedResidents: listed,
    averageListLength: onListsWithGp / Math.max(1, lists - withoutGp),
    waiting: w.waitingCount,
    voluntaryChanges: null,
    residentsOnListsWithoutGp: onListsWithoutGp,
  };
}

/** Is list `c` in force today (begun, and not ended by a cancellation, R34b)? */
function inForce(w: World, c: number): boolean {
  const ends = w.book.canceledFrom[c];
  return w.book.validFromDay[c] <= w.day && (ends === 0 || w.day < ends);
}

/** Lists without a GP now (a list being cancelled has nobody left to drift away). */
function vacantListsNow(w: World): number[] {
  const out: number[] = [];
  for (let c = 0; c < w.book.size; c++)
    if (w.book.gp[c] === 0 && w.book.validFromDay[c] <= w.day && !w.book.canceled(c)) out.push(c);
  return out;
}
