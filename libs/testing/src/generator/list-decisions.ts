import { dateOfDayNumber, drawReduction, type ReductionMember, streams, toDayNumber } from '@flr/domain';
import { createContract } from './contract-actions';
import { clipCeiling } from './contract-book';
import type { GeneratedEvent } from './generated-event';
import { IdKind } from './ids';
import type { World } from './world';

/**
 * Many-person decisions of the municipality, registered on the 1st of a month (before the day's
 * registrations) and effective the 1st of the next: list reductions (R29–R31) and contracts that end
 * (R34b). The generator emits what the register's deciders emit for them: the contract's event, then
 * each moved person's `MoveByDecision` events in the decision's order (process-manager.ts).
 *
 * On the 1st before anything else is registered, nobody has a link starting on the next 1st, so every
 * moved person is on the list with a link begun earlier: the move ends it and opens the new one
 * (never the register's "pending arrival redirected" case). A list that received persons by a decision
 * earlier the same day is left alone for the same reason.
 */

/** R30: the least and most patients a reduction moves (§6: N = 50–400 [U]). */
const MIN_REDUCTION = 50;
const MAX_REDUCTION = 400;
/** A reduction takes at most this share of the list [U]. */
const MAX_REDUCTION_SHARE = 0.3;
/** Room left on the receiving list for a household drawn last that overshoots the count (R31 'accept'). */
const HOUSEHOLD_SLACK = 5;

/** Does every person on `c` have their link in force today (no arrival pending)? */
function settled(w: World, c: number): boolean {
  const members = w.book.members[c];
  for (let i = 0; i < w.book.listSize[c]; i++) if (w.pop.pendingUntil[members[i]] > w.day) return false;
  return true;
}

/**
 * The list of `origin` (other than `except`) in force on `day`, not locked, with room for `n` more:
 * the one with the most free places, or -1.
 */
function receivingList(w: World, origin: number, except: number, day: number, n: number): number {
  let best = -1;
  for (const c of w.book.byOrigin[origin] ?? []) {
    if (c === except || w.book.validFromDay[c] > day || w.book.locked(c) || w.book.free(c) < n) continue;
    if (best < 0 || w.book.free(c) > w.book.free(best)) best = c;
  }
  return best;
}

/**
 * A new list in `origin` from the next 1st for a decision's patients (its own business action), with
 * its GP from then: §6's lists without a GP are short ones, not lists filled at once by a decision.
 */
function* newReceivingList(w: World, origin: number, ceiling: number): Generator<GeneratedEvent, number> {
  return yield* createContract(
    w,
    origin,
    clipCeiling(ceiling),
    w.newOrgNo(),
    w.rng.chance(0.3),
    false,
    w.nextFirst,
  );
}

/** `MoveByDecision` for one person (relist.ts): the link ends on the effective date and a new one begins. */
function* moveByDecision(w: World, p: number, to: number, reduction: boolean): Generator<GeneratedEvent> {
  const effective = w.nextFirst;
  const from = w.pop.contract[p];
  yield w.unlist(p, effective, reduction ? 'REDUCTION' : 'CONTRACT_ENDED');
  yield w.list(p, to, effective, reduction ? 'REDUCTION_MOVE' : 'CONTRACT_END_MOVE', false);
  // R26: a place on the list one waits for ends the entry, and so does the end of the list waited
  // for (both on the decision's effective date).
  if (w.pop.waitingFor[p] === to) yield w.waiting.leave(p, 'LISTED_ELSEWHERE', effective)!;
  if (!reduction && w.pop.waitingFor[p] === from) yield w.waiting.leave(p, 'CONTRACT_ENDED', effective)!;
  // R16 (BANETT): each move by a reduction gives one extra change.
  if (reduction && w.pop.reductionCredits[p] < 255) w.pop.reductionCredits[p]++;
}

/** May list `d` be reduced: in force with a GP, long enough for the least reduction, nobody arriving? */
function reducible(w: World, d: number): boolean {
  if (w.book.canceled(d) || w.book.validFromDay[d] > w.day || w.book.gp[d] === 0) return false;
  return w.book.listSize[d] * MAX_REDUCTION_SHARE >= MIN_REDUCTION && settled(w, d);
}

/** The longest list of `origin` other than `except` that may be reduced, or -1. */
function longestIn(w: World, origin: number, except: number): number {
  let best = -1;
  for (const d of w.book.byOrigin[origin] ?? []) {
    if (d === except || (best >= 0 && w.book.listSize[d] <= w.book.listSize[best])) continue;
    if (reducible(w, d)) best = d;
  }
  return best;
}

/**
 * R29–R31: the municipality reduces its longest list by N patients, drawn at random by household (the
 * register's own draw, `drawReduction`, with a seed it records), to a list of the municipality with
 * room for them (as many as it has room for), or to a new list created for them (S31) while the
 * country is due more lists (so reductions add no lists beyond §6's course). The ceiling comes down
 * with the list, so the places do not fill up again at once (R29: lowering it moves nobody by itself).
 */
export function* reduceList(w: World): Generator<GeneratedEvent> {
  const effectiveDay = toDayNumber(w.nextFirst);
  let c = -1;
  let to = -1;
  for (let attempt = 0; attempt < 12 && c < 0; attempt++) {
    const r = w.rng.int(w.book.size);
    if (w.book.canceled(r) || w.book.validFromDay[r] > effectiveDay || w.book.locked(r)) continue;
    if (w.book.free(r) < MIN_REDUCTION + HOUSEHOLD_SLACK) continue;
    c = longestIn(w, w.book.origin[r], r);
    if (c >= 0) to = r;
  }
  if (c < 0 && Math.ceil(w.pop.aliveCount / w.listLength) > w.book.activeCount) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const d = w.rng.int(w.book.size);
      if (reducible(w, d) && (c < 0 || w.book.listSize[d] > w.book.listSize[c])) c = d;
    }
  }
  if (c < 0) {
    w.summary.skippedActions++;
    return;
  }
  const wanted = MIN_REDUCTION + Math.round((MAX_REDUCTION - MIN_REDUCTION) * w.rng.next() ** 2);
  let count = Math.min(wanted, Math.floor(w.book.listSize[c] * MAX_REDUCTION_SHARE));
  if (to >= 0) count = Math.min(count, w.book.free(to) - HOUSEHOLD_SLACK);
  else {
    const ceiling = Math.max(count + 100, w.rng.normal(w.listLength, 0.25 * w.listLength));
    to = yield* newReceivingList(w, w.book.origin[c], ceiling);
  }
  const effective = w.nextFirst;
  const seed = [0, 1, 2, 3].map(() => w.rng.nextUint32().toString(16).padStart(8, '0')).join('');
  const byId = new Map<string, number>();
  const members: ReductionMember[] = [];
  for (let i = 0; i < w.book.listSize[c]; i++) {
    const p = w.book.members[c][i];
    const personId = w.personId(p);
    byId.set(personId, p);
    members.push({
      personId,
      householdId: w.householdId(w.pop.household[p]),
      birthDate: dateOfDayNumber(w.pop.birthDay[p]),
      parentIds: w.pop.mother[p] >= 0 ? [w.personId(w.pop.mother[p])] : [],
    });
  }
  const drawn = drawReduction(members, count, seed, effective, w.rules.reductionOvershoot);
  w.action();
  const contractId = w.contractId(c);
  const previous = w.book.maxPatients[c];
  const ceiling = clipCeiling(w.book.listSize[c] - drawn.length);
  if (ceiling < previous) {
    w.book.maxPatients[c] = ceiling;
    yield w.emit(streams.contract(contractId), 'ListCeilingChanged', {
      contractId,
      maxPatients: ceiling,
      previousMaxPatients: previous,
      on: w.date,
    });
  }
  const reductionId = w.ids.make(IdKind.reduction, w.reductionCount++);
  yield w.emit(streams.contract(contractId), 'ListReductionOrdered', {
    contractId,
    reductionId,
    count,
    toContractId: w.contractId(to),
    effectiveFrom: effective,
    seed,
    drawnPersonIds: drawn,
  });
  w.decisionId = reductionId;
  for (const personId of drawn) yield* moveByDecision(w, byId.get(personId)!, to, true);
  w.decisionId = null;
  w.summary.reductions++;
}

/**
 * R34b: a contract ends (`CancelGPContractAndMovePatients`) from the next 1st: its GP's period ends
 * then, and every patient moves to the list of the municipality with the most room (CONTRACT_END_MOVE),
 * or to a new list taking over the practice when none has room (so the number of lists keeps its
 * course); its waiting list ends (R26). Short lists end more often: the shortest of a few drawn.
 */
export function* endContract(w: World): Generator<GeneratedEvent> {
  const effectiveDay = toDayNumber(w.nextFirst);
  let c = -1;
  for (let attempt = 0; attempt < 12 && attempt < (c < 0 ? 12 : 3); attempt++) {
    const d = w.rng.int(w.book.size);
    if (w.book.canceled(d) || w.book.locked(d) || w.book.validFromDay[d] > w.day) continue;
    // A vikar period or a GP starting later would outlive the contract.
    if (w.book.substituteUntil[d] > effectiveDay) continue;
    if (w.book.gp[d] !== 0 && w.book.gpFrom[d] >= effectiveDay) continue;
    if (!settled(w, d)) continue;
    if (c < 0 || w.book.listSize[d] < w.book.listSize[c]) c = d;
  }
  if (c < 0) {
    w.summary.skippedActions++;
    return;
  }
  const origin = w.book.origin[c];
  const patients = w.book.listSize[c];
  let to = receivingList(w, origin, c, effectiveDay, patients);
  if (to < 0) to = yield* newReceivingList(w, origin, Math.max(w.book.maxPatients[c], patients + 50));
  w.action();
  const contractId = w.contractId(c);
  if (w.book.gp[c] !== 0) {
    yield w.emit(streams.contract(contractId), 'DoctorPeriodEnded', {
      contractId,
      periodId: w.ids.make(IdKind.doctorPeriod, w.book.gpPeriod[c]),
      to: w.nextFirst,
    });
    w.book.gp[c] = 0;
  }
  // The register moves them in the order of their ids (contract-links.ts membersOn).
  const moved = Array.from(w.book.members[c].subarray(0, patients))
    .map((p) => ({ p, id: w.personId(p) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  yield w.emit(streams.contract(contractId), 'ContractCanceled', {
    contractId,
    effectiveFrom: w.nextFirst,
    moveToContractId: w.contractId(to),
    endReason: 'CONTRACT_ENDED',
    movedPersonIds: moved.map((m) => m.id),
  });
  w.book.cancel(c, effectiveDay);
  // The register's process manager names the decision `cancel-<contract>` (writer view).
  w.decisionId = `cancel-${contractId}`;
  for (const { p } of moved) yield* moveByDecision(w, p, to, false);
  w.decisionId = null;
  yield* w.waiting.end(c, w.date);
  w.summary.contractEnds++;
}
