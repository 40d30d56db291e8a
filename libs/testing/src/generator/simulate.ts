import { addDays, addMonths, firstOfMonth, streams, toDayNumber } from '@flr/domain';
import { clipCeiling } from './contract-book';
import { changeCeiling, createContract, gpLeaves, substituteForGp } from './contract-actions';
import { startRegularGp } from './gps';
import type { GeneratedEvent } from './generated-event';
import { birth, death, emigration, immigration, move, voluntaryChange } from './person-actions';
import type { World } from './world';

type Action = (w: World) => Generator<GeneratedEvent>;

/** Person actions per day, with their yearly rate per resident. */
const PERSON_ACTIONS: ReadonlyArray<readonly [Action, (w: World) => number]> = [
  [death, (w) => w.rates.deaths],
  [emigration, (w) => w.rates.emigration],
  [birth, (w) => w.rates.births],
  [immigration, (w) => w.rates.immigration],
  [move, (w) => w.rates.moves],
  [voluntaryChange, (w) => w.rates.voluntaryChanges],
];
/** List actions per day, with their yearly rate per list. */
const LIST_ACTIONS: ReadonlyArray<readonly [Action, (w: World) => number]> = [
  [gpLeaves, (w) => w.rates.gpTurnover],
  [substituteForGp, (w) => w.rates.substitutes],
  [changeCeiling, (w) => w.rates.ceilingChanges],
];

/**
 * Month by month from `from` to `to`: the month's expected counts are spread over its days, and each
 * day's actions run in a fixed order, so events come out in registration order.
 */
export function* simulate(w: World, initialPerList: number): Generator<GeneratedEvent> {
  const actions = [...PERSON_ACTIONS, ...LIST_ACTIONS];
  for (let month = firstOfMonth(w.from); month < w.to; month = addMonths(month, 1)) {
    // Business dates compare as strings: clip the month to [from, to).
    const start = [month, w.from].sort()[1];
    const end = [addMonths(month, 1), w.to].sort()[0];
    const days = toDayNumber(end) - toDayNumber(start);
    const perDay = actions.map(() => new Int32Array(days));
    actions.forEach(([, rate], k) => {
      const base = k < PERSON_ACTIONS.length ? w.pop.aliveCount : w.book.size;
      const n = w.rng.count(((base * rate(w)) / 12) * (days / 30.44));
      for (let i = 0; i < n; i++) perDay[k][w.rng.int(days)]++;
    });
    for (let d = 0; d < days; d++) {
      w.setDay(addDays(start, d));
      if (w.date.endsWith('-01-01')) yield* newYear(w, initialPerList);
      const fills = w.fills.get(w.date);
      if (fills) {
        w.fills.delete(w.date);
        for (const c of fills) {
          if (w.book.gp[c] !== 0 || w.book.vacantUntil[c] !== w.day) continue;
          w.action();
          yield* startRegularGp(w, c, w.date);
        }
      }
      for (let k = 0; k < actions.length; k++) {
        for (let i = perDay[k][d]; i > 0; i--) yield* actions[k][0](w);
      }
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
  const year = Number(w.date.slice(0, 4));
  const target = initialPerList * Math.max(0.7, 1 - 0.006 * (year - 2001));
  // Keep occupancy at about 96 % (§6: 97 % on average) with new lists of the falling target length.
  const wanted = Math.ceil((w.pop.aliveCount / 0.96 - w.book.totalCapacity()) / target);
  for (let i = 0; i < wanted; i++) {
    const o = busiestOrigin(w);
    const c = yield* createContract(
      w,
      o,
      clipCeiling(w.rng.normal(target, 0.25 * target)),
      w.newOrgNo(),
      w.rng.chance(0.3),
      w.rng.chance(0.1),
    );
    w.listedOrigins[w.book.origin[c]] = 1;
  }
}

/** The municipality with the most residents per list place. */
function busiestOrigin(w: World): number {
  const capacity = new Float64Array(w.munis.origins.length);
  for (let c = 0; c < w.book.size; c++) capacity[w.book.origin[c]] += w.book.maxPatients[c];
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
