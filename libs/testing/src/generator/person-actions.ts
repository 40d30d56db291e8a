import { addMonths, ageOn, dateOfDayNumber, streams, toDayNumber } from '@flr/domain';
import type { GeneratedEvent } from './generated-event';
import { PersonStatus } from './population';
import { mayWait } from './waiting-lists';
import type { World } from './world';

const MAX_TRIES = 24;
/** Residences left longer ago than this can no longer make a move a return (R13b: 3 years). */
export const RETURN_MEMORY_DAYS = 3 * 366 + 1;
const NEWBORN_OVERRIDE = 'R13a: newborn placed with the mother';

/** Yearly mortality by age [U, rough SSB shape]; the victims of the crude death rate are drawn by it. */
function mortality(age: number): number {
  if (age < 1) return 0.0025;
  if (age < 40) return 0.0006;
  if (age < 60) return 0.003;
  if (age < 70) return 0.009;
  if (age < 80) return 0.025;
  if (age < 90) return 0.075;
  return 0.2;
}

function ageInYears(w: World, p: number): number {
  return (w.day - w.pop.birthDay[p]) / 365.25;
}

/** A random resident without a pending change, or -1. */
function drawSettled(w: World, accept: (p: number) => boolean): number {
  for (let i = 0; i < MAX_TRIES * 4; i++) {
    const p = w.pop.aliveAt(w.rng.int(w.pop.aliveCount));
    if (w.pop.pendingUntil[p] <= w.day && accept(p)) return p;
  }
  w.summary.skippedActions++;
  return -1;
}

/**
 * A list with a free place other than `except` (R6/R19), preferably in `origin`; when none is found
 * there, a list elsewhere (R3: a GP outside the home municipality), or -1. With `withGp`, only a list
 * that has a GP: someone who changes GP chooses a GP, not a list without one (Helfo's placements,
 * R7, go to any list with a place).
 */
export function listWithPlace(w: World, origin: number, except: number, withGp = false): number {
  for (let round = 0; round < 8; round++) {
    const lists = w.book.byOrigin[round === 0 ? origin : w.munis.drawOrigin(w.rng, w.listedOrigins)];
    if (!lists) continue;
    for (let i = 0; i < 6; i++) {
      const c = lists[w.rng.int(lists.length)];
      if (c !== except && w.book.free(c) > 0 && (!withGp || w.book.gp[c] !== 0)) return c;
    }
  }
  return -1;
}

/** May `q` change list today (R11: a child's change goes through a parent, so children keep theirs)? */
function mayChange(w: World, q: number): boolean {
  const year = Number(w.date.slice(0, 4));
  return (
    w.pop.contract[q] >= 0 &&
    w.pop.pendingUntil[q] <= w.day &&
    w.pop.noChangeUntil[q] <= w.day &&
    ageOn(dateOfDayNumber(w.pop.birthDay[q]), w.date) >= 16 &&
    (w.pop.changeYear[q] !== year || w.pop.changeCount[q] < 2 || w.pop.reductionCredits[q] > 0)
  );
}

/** R15/R17: a voluntary change, effective the 1st of next month, at most 2 per calendar year. */
export function* voluntaryChange(w: World): Generator<GeneratedEvent> {
  const p = drawSettled(w, (q) => mayChange(w, q));
  if (p < 0) return;
  const origin = w.rng.chance(0.85) ? w.pop.origin[p] : w.munis.drawOrigin(w.rng);
  yield* changeTo(w, p, listWithPlace(w, origin, w.pop.contract[p], true));
}

/** R16: a patient of list `c`, without a GP, changes to a list with a GP and a place in their municipality. */
export function* leaveListWithoutGp(w: World, c: number): Generator<GeneratedEvent> {
  if (w.book.canceled(c)) return; // its patients were moved by the cancellation (R34b)
  for (let attempt = 0; attempt < 4; attempt++) {
    if (w.book.gp[c] !== 0 || w.book.listSize[c] === 0) break;
    const p = w.book.members[c][w.rng.int(w.book.listSize[c])];
    if (!mayChange(w, p)) continue;
    const target = listWithPlace(w, w.pop.origin[p], c, true);
    if (target >= 0) return yield* changeTo(w, p, target);
  }
  w.summary.skippedActions++;
}

function* changeTo(w: World, p: number, target: number): Generator<GeneratedEvent> {
  if (target < 0) {
    w.summary.skippedActions++;
    return;
  }
  const exemption = w.useChange(p, w.changeCounting(p, true)!);
  const effective = w.nextFirst;
  w.action();
  yield w.unlist(p, effective, 'CHANGED');
  yield w.list(p, target, effective, 'CHOICE', exemption === null, exemption);
  // R26: a place on the list one waits for ends the entry.
  if (w.pop.waitingFor[p] === target) yield w.waiting.leave(p, 'LISTED_ELSEWHERE', w.date)!;
}

/**
 * People queue for some GPs, not all: a fixed, seed-free choice by index [D: §6 has 30,000 waiting
 * across about 2,600 GPs three months after the launch, most with a short queue; a sought-after list
 * keeps a queue that never runs dry, and each of its freed places is a promotion, so the share is
 * fitted with the joins to §6's 6.3 % waiting and 5–6 % changes a year].
 */
const SOUGHT_AFTER_SHARE = 0.3;

function soughtAfter(c: number): boolean {
  return Math.imul(c + 1, 0x9e3779b1) >>> 0 < SOUGHT_AFTER_SHARE * 2 ** 32;
}

/**
 * R21/R24: from the launch day, someone whose wanted list is full joins its waiting list. Where the
 * municipality has no full, sought-after list (few lists; more so in a scaled run, whose municipalities
 * have fewer lists than the country's), the person looks further afield, as a change does (R3), so
 * that the joins follow their rate at any scale.
 */
export function* joinWaitingList(w: World): Generator<GeneratedEvent> {
  if (w.date < w.rules.waitingListFrom) return;
  const p = drawSettled(w, (q) => mayWait(w, q));
  if (p < 0) return;
  // §6: 30 % wait for a GP in another municipality than their current GP's.
  const atHome = w.rng.chance(0.75);
  for (let round = 0; round < 8; round++) {
    const origin = round === 0 && atHome ? w.pop.origin[p] : w.munis.drawOrigin(w.rng, w.listedOrigins);
    const c = queueToJoin(w, p, origin);
    if (c < 0) continue;
    w.action();
    yield w.waiting.join(p, c);
    return;
  }
  w.summary.skippedActions++;
}

/** A full, sought-after list of `origin` that `p` may wait for (R14/R21), or -1. */
function queueToJoin(w: World, p: number, origin: number): number {
  const lists = w.book.byOrigin[origin] ?? [];
  for (let i = 0; i < 12 && lists.length > 0; i++) {
    const c = lists[w.rng.int(lists.length)];
    // R14/R21: a locked list has no waiting list to join.
    if (c === w.pop.contract[p] || w.book.free(c) > 0 || w.book.validFromDay[c] > w.day || w.book.locked(c))
      continue;
    if (soughtAfter(c)) return c;
  }
  return -1;
}

/**
 * R21/R26: someone tired of waiting takes their name off the waiting list (`LeaveWaitingList`, reason
 * LEFT). Queues on sought-after lists seldom run dry, so without this the waiting would pile up
 * wherever places free up slowly, and by how many lists a municipality has (more at the country's
 * scale than in a scaled run); a hazard per person waiting keeps the stock at joins × time waited.
 */
export function* leaveWaitingList(w: World): Generator<GeneratedEvent> {
  // A few in a hundred residents wait: draw until one is found (the rate is per person waiting).
  let p = -1;
  for (let i = 0; i < 20_000 && p < 0 && w.waitingCount > 0; i++) {
    const q = w.pop.aliveAt(w.rng.int(w.pop.aliveCount));
    if (w.pop.waitingFor[q] >= 0) p = q;
  }
  if (p < 0) {
    w.summary.skippedActions++;
    return;
  }
  w.action();
  yield w.waiting.leave(p, 'LEFT', w.date)!;
}

/** R10: a newborn goes on the mother's list from the 1st of next month (§4.5e). */
export function* birth(w: World): Generator<GeneratedEvent> {
  const mother = drawSettled(w, (q) => {
    if (w.pop.sex[q] !== 0 || w.pop.contract[q] < 0) return false;
    const age = ageInYears(w, q);
    return age >= 18 && age < 45;
  });
  if (mother < 0) return;
  const child = w.pop.add(w.day, w.rng.chance(0.51) ? 1 : 0, w.pop.origin[mother], w.pop.household[mother]);
  w.pop.mother[child] = mother;
  w.action();
  yield registerPerson(w, child, 'FNR', [w.personId(mother)]);
  // R13a: a newborn goes with the mother even onto a full list; the register records why (R28).
  const c = w.pop.contract[mother];
  const override = w.book.free(c) > 0 ? null : NEWBORN_OVERRIDE;
  yield w.list(child, c, w.nextFirst, 'NEWBORN', false, null, override);
}

/** R38: death ends the link the day after (half-open, so the day of death is included). */
export function* death(w: World): Generator<GeneratedEvent> {
  let p = -1;
  for (let i = 0; i < 400 && p < 0; i++) {
    const q = w.pop.aliveAt(w.rng.int(w.pop.aliveCount));
    if (w.pop.pendingUntil[q] <= w.day && w.rng.next() * 0.2 < mortality(ageInYears(w, q))) p = q;
  }
  if (p < 0) {
    w.summary.skippedActions++;
    return;
  }
  w.action();
  yield w.emit(streams.person(w.personId(p)), 'PersonDied', { personId: w.personId(p), diedOn: w.date });
  if (w.pop.contract[p] >= 0) yield w.unlist(p, w.tomorrow, 'DEATH');
  const left = w.waiting.leave(p, 'DEATH', w.date);
  if (left) yield left;
  w.pop.leave(p, PersonStatus.Dead);
}

/** R39: emigration ends the link on the 1st of the month after. */
export function* emigration(w: World): Generator<GeneratedEvent> {
  const p = drawSettled(w, () => true);
  if (p < 0) return;
  w.action();
  yield w.emit(streams.person(w.personId(p)), 'PersonEmigrated', {
    personId: w.personId(p),
    emigratedOn: w.date,
  });
  if (w.pop.contract[p] >= 0) yield w.unlist(p, w.nextFirst, 'EMIGRATION');
  const left = w.waiting.leave(p, 'EMIGRATION', w.date);
  if (left) yield left;
  w.pop.leave(p, PersonStatus.Emigrated);
}

/** R7: an immigrant is placed in the residence municipality from the 1st of next month; D-number asylum seekers by Helfo (R2). */
export function* immigration(w: World): Generator<GeneratedEvent> {
  const origin = w.munis.drawOrigin(w.rng, w.listedOrigins);
  const birthDay = w.day - Math.floor(365.25 * (18 + 32 * w.rng.next()));
  const p = w.pop.add(birthDay, w.rng.chance(0.5) ? 1 : 0, origin, w.newHousehold());
  const asylum = w.rng.chance(w.rates.asylumSeekers);
  w.action();
  yield registerPerson(w, p, asylum ? 'DNR' : 'FNR', [], asylum ? 'asylum-seeker' : null);
  const c = listWithPlace(w, origin, -1);
  if (c >= 0) yield w.list(p, c, w.nextFirst, asylum ? 'HELFO_MANUAL' : 'AUTO_NEW_RESIDENT', false);
}

/** R40: a move keeps the GP unless the person acts; a move-triggered change does not count (R16). */
export function* move(w: World): Generator<GeneratedEvent> {
  const p = drawSettled(w, () => true);
  if (p < 0) return;
  const fromCode = w.personCode(p);
  const household = w.newHousehold();
  let origin = -1;
  for (let i = 0; i < 8 && origin < 0; i++) {
    const o = w.munis.drawOrigin(w.rng, w.listedOrigins);
    if (w.munis.codeOf(o, w.epoch) !== fromCode) origin = o;
  }
  if (origin < 0) {
    w.summary.skippedActions++;
    return;
  }
  const returning = movesBack(w, p, origin);
  w.pop.moveTo(p, origin, household);
  w.action();
  const personId = w.personId(p);
  const municipality = w.personCode(p);
  yield w.emit(streams.person(personId), 'PersonMoved', {
    personId,
    fromMunicipality: fromCode,
    municipality,
    householdId: w.householdId(household),
    movedOn: w.date,
  });
  // R40/S43: the letter offering the new municipality's lists with a free place from the 1st.
  yield w.emit(streams.person(personId), 'LetterSent', {
    personId,
    kind: 'MOVE_OFFER',
    on: w.date,
    contractIds: w.listsWithPlaces(municipality, w.nextFirst),
    effectiveFrom: w.nextFirst,
  });
  // R16: one change within the window after the move does not count.
  w.pop.moveCreditGiven(p, w.day, toDayNumber(addMonths(w.date, w.rules.moveExtraChangeWindowMonths)));
  // R11: a child under 16 changes only through a parent; the generator lets children stay.
  if (returning) return;
  if (
    w.pop.contract[p] < 0 ||
    ageOn(dateOfDayNumber(w.pop.birthDay[p]), w.date) < 16 ||
    !w.rng.chance(w.rates.changeOnMove)
  )
    return;
  const target = listWithPlace(w, origin, w.pop.contract[p], true);
  if (target < 0) return;
  const effective = w.nextFirst;
  w.pop.moveCreditUsed(p, toDayNumber(effective));
  yield w.unlist(p, effective, 'CHANGED');
  yield w.list(p, target, effective, 'CHOICE', false, 'MOVE');
  if (w.pop.waitingFor[p] === target) yield w.waiting.leave(p, 'LISTED_ELSEWHERE', w.date)!;
}

/**
 * R13b: moving back within 3 years to a municipality lived in before lets the person return to the
 * list they had there (begin reason MOVE_RETURN_3Y) for 6 months. The generator keeps such a person
 * on their list for those 6 months instead of modelling the return, so its changes stay plain choices.
 * Records the residence being left; true when the move is a return.
 */
function movesBack(w: World, p: number, to: number): boolean {
  const toCode = w.munis.codeOf(to, w.epoch);
  const past = w.pastResidences.get(p) ?? [];
  const recent = past.filter((r) => r.leftDay > w.day - RETURN_MEMORY_DAYS);
  let returning = false;
  for (let i = recent.length - 1; i >= 0; i--) {
    if (w.munis.codeOf(recent[i].origin, w.epoch) !== toCode) continue;
    returning = w.day < toDayNumber(addMonths(dateOfDayNumber(recent[i].leftDay), 36));
    break;
  }
  recent.push({ origin: w.pop.origin[p], leftDay: w.day });
  w.pastResidences.set(p, recent);
  if (returning) w.pop.noChangeUntil[p] = toDayNumber(addMonths(w.date, 6));
  return returning;
}

export function registerPerson(
  w: World,
  p: number,
  kind: 'FNR' | 'DNR',
  parentIds: string[],
  entitlement: 'asylum-seeker' | null = null,
): GeneratedEvent {
  const nin = w.pop.allocateNin(p, kind);
  return w.emit(streams.person(w.personId(p)), 'PersonRegistered', {
    personId: w.personId(p),
    nin,
    ninKind: kind,
    birthDate: dateOfDayNumber(w.pop.birthDay[p]),
    sex: w.pop.sex[p] === 1 ? 'male' : 'female',
    municipality: w.personCode(p),
    householdId: w.householdId(w.pop.household[p]),
    parentIds,
    entitlement,
    registeredOn: w.date,
  });
}
