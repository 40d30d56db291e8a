import { addDays, streams, toDayNumber } from '@flr/domain';
import { clipCeiling } from './contract-book';
import { createContract } from './contract-actions';
import type { GeneratedEvent } from './generated-event';
import { PersonStatus } from './population';
import { registerPerson } from './person-actions';
import type { World } from './world';

/** Household sizes [U, roughly SSB]: 1–5 persons. */
const HOUSEHOLD_SIZES = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5];

/**
 * §3.10: the scheme starts with every resident placed on a list (INITIAL_2001) from `from`; the lists,
 * offices and GPs are registered the day before. Residents are drawn onto lists weighted by a drawn
 * list size (§6 shape); each ceiling is then set just above the resulting list, so the start respects it.
 */
export function* bootstrap(
  w: World,
  persons: number,
  contractsPerThousand: number,
): Generator<GeneratedEvent> {
  const origins = w.munis.origins.length;
  // At least two lists, so that even a tiny history has somewhere to change to.
  const quota = allocateLists(w, Math.max(2, Math.round((persons * contractsPerThousand) / 1000)));
  for (let o = 0; o < origins; o++) if (quota[o] > 0) w.listedOrigins[o] = 1;
  const totalLists = quota.reduce((a, b) => a + b, 0);
  const meanCeiling = persons / totalLists;

  // Residents: origin by population weight (only where lists exist), age by a simple pyramid.
  const openHousehold = new Int32Array(origins).fill(-1);
  const householdLeft = new Int32Array(origins);
  const fromDay = toDayNumber(w.from);
  for (let i = 0; i < persons; i++) {
    const o = w.munis.drawOrigin(w.rng, w.listedOrigins);
    if (householdLeft[o] <= 0) {
      openHousehold[o] = w.newHousehold();
      householdLeft[o] = w.rng.pick(HOUSEHOLD_SIZES);
    }
    householdLeft[o]--;
    w.pop.add(fromDay - drawAgeDays(w), w.rng.chance(0.5) ? 1 : 0, o, openHousehold[o]);
  }

  // Lists: drawn ceilings, then residents drawn onto lists of their municipality weighted by ceiling.
  const ceilings: number[] = [];
  const firstList = new Int32Array(origins);
  for (let o = 0, c = 0; o < origins; o++) {
    firstList[o] = c;
    for (let k = 0; k < quota[o]; k++, c++)
      ceilings.push(clipCeiling(w.rng.normal(meanCeiling, 0.26 * meanCeiling)));
  }
  const initial = new Int32Array(persons).fill(-1);
  const sizes = new Int32Array(totalLists);
  for (let p = 0; p < persons; p++) {
    if (w.rng.chance(w.rates.optOut2001)) continue;
    const o = w.pop.origin[p];
    let total = 0;
    for (let k = 0; k < quota[o]; k++) total += ceilings[firstList[o] + k];
    let x = w.rng.next() * total;
    let c = firstList[o];
    while (x >= ceilings[c] && c < firstList[o] + quota[o] - 1) x -= ceilings[c++];
    initial[p] = c;
    sizes[c]++;
  }

  w.setDay(addDays(w.from, -1));
  for (let o = 0; o < origins; o++) {
    let officeLeft = 0;
    let orgNo = '';
    for (let k = 0; k < quota[o]; k++) {
      if (officeLeft-- <= 0) {
        orgNo = w.newOrgNo();
        officeLeft = w.rng.between(0, 4);
      }
      const c = firstList[o] + k;
      // §6: occupancy 97 % on average and 28 % of lists without a free place.
      const occupancy = w.rng.chance(0.28) ? 1 : 0.9 + 0.1 * w.rng.next();
      const maxPatients = Math.max(sizes[c], Math.round(sizes[c] / occupancy));
      const vacant = w.rng.chance(w.rates.vacantAtStart);
      yield* createContract(w, o, maxPatients, orgNo, w.rng.chance(0.12), vacant, w.from);
    }
  }

  // §3.10: the 2001 distribution; a later start is a bulk placement by Helfo.
  const initialReason = w.from <= '2001-06-01' ? 'INITIAL_2001' : 'HELFO_MANUAL';
  for (let p = 0; p < persons; p++) {
    w.action();
    yield registerPerson(w, p, 'FNR', []);
    if (initial[p] >= 0) {
      yield w.list(p, initial[p], w.from, initialReason, false);
    } else {
      w.pop.status[p] = PersonStatus.OptedOut;
      yield w.emit(streams.person(w.personId(p)), 'PersonOptedOut', { personId: w.personId(p), on: w.date });
    }
  }
}

/** Lists per origin by largest remainder over population weights; every origin gets one if there are enough. */
function allocateLists(w: World, total: number): Int32Array {
  const n = w.munis.origins.length;
  const weightSum = w.munis.weights.reduce((a, b) => a + b, 0);
  const quota = new Int32Array(n);
  const base = total >= n ? 1 : 0;
  const rest = total - base * n;
  const remainders: [number, number][] = [];
  let assigned = 0;
  for (let o = 0; o < n; o++) {
    const exact = (rest * w.munis.weights[o]) / weightSum;
    quota[o] = base + Math.floor(exact);
    assigned += quota[o];
    remainders.push([exact - Math.floor(exact), o]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; assigned < total; i++, assigned++) quota[remainders[i][1]]++;
  return quota;
}

/** Age in days on the start date: flat to 60, then thinning out to 100 [U]. */
function drawAgeDays(w: World): number {
  for (;;) {
    const age = w.rng.next() * 100;
    if (age < 60 || w.rng.next() < (100 - age) / 40) return Math.floor(age * 365.25);
  }
}
