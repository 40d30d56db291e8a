import { addMonths } from '../calendar';
import type { BusinessDate } from '../events';
import type { RegisterRules } from '../rules/settings';
import type { Link, PersonState } from './state';

/** Links that took or will take effect (withdrawn pending links excluded). */
export function liveLinks(state: PersonState): Link[] {
  return state.links.filter((l) => l.withdrawn === null && (l.to === null || l.from < l.to));
}

/** The link in force on `date` (half-open periods). */
export function linkOn(state: PersonState, date: BusinessDate): Link | undefined {
  return liveLinks(state).find((l) => l.from <= date && (l.to === null || date < l.to));
}

/** A future-dated link registered but not yet in force on `today` (§4.3 pending state). */
export function pendingLink(state: PersonState, today: BusinessDate): Link | undefined {
  return liveLinks(state).find((l) => l.from > today);
}

/** R15/§4.3: voluntary changes counted in `year`; a replaced pending change counts only if configured. */
export function changesUsedIn(state: PersonState, year: number, rules: RegisterRules): number {
  return state.links.filter(
    (l) =>
      l.countedInYear === year &&
      (l.withdrawn === null || (l.withdrawn === 'REPLACED' && rules.replacedPendingCounts)),
  ).length;
}

/**
 * R16/S15: each reported move between municipalities gives one non-counting change inside its window
 * ("changes because you reported a move"): two moves give two. On `today`, the moves whose window is
 * open give one each, less the changes already made under the move exemption since the first of them
 * (a change taking effect after that move; one made for an older move before it is not counted).
 */
export function moveCreditAvailable(state: PersonState, today: BusinessDate, rules: RegisterRules): boolean {
  return moveCreditsOn(moves(state, rules), state, today) > 0;
}

/** A reported move between municipalities and the end (exclusive) of its window for a change (R16). */
export interface MoveWindow {
  readonly movedOn: BusinessDate;
  readonly from: string;
  readonly to: string;
  readonly until: BusinessDate;
}

/**
 * R16: the non-counting changes the person's moves leave on `today`, each with the day it lapses, as
 * `moveCreditAvailable` grants them: the count can only fall when a window closes (oldest first), so
 * each credit lapses at the first window end from which fewer are left, and is the credit of that move.
 */
export function moveCredits(state: PersonState, today: BusinessDate, rules: RegisterRules): MoveWindow[] {
  const all = moves(state, rules);
  let left = moveCreditsOn(all, state, today);
  const out: MoveWindow[] = [];
  for (const move of all) {
    if (left === 0) break;
    if (!(move.movedOn <= today && today < move.until)) continue;
    const after = Math.min(left, moveCreditsOn(all, state, move.until));
    for (; left > after; left--) out.push(move);
  }
  return out;
}

/** Each residence after the first began with a move between municipalities (oldest first). */
function moves(state: PersonState, rules: RegisterRules): MoveWindow[] {
  return state.residences.slice(1).map((r, i) => ({
    movedOn: r.from,
    from: state.residences[i]!.municipality,
    to: r.municipality,
    until: addMonths(r.from, rules.moveExtraChangeWindowMonths),
  }));
}

function moveCreditsOn(all: readonly MoveWindow[], state: PersonState, day: BusinessDate): number {
  const open = all.filter((m) => m.movedOn <= day && day < m.until);
  if (open.length === 0) return 0;
  const used = liveLinks(state).filter((l) => l.exemption === 'MOVE' && l.from > open[0]!.movedOn).length;
  return Math.max(0, open.length - used);
}

/** R16: the GP of the person's list left; one non-counting change inside the window. */
export function gpLeftCreditAvailable(
  state: PersonState,
  today: BusinessDate,
  gpLeftOn: BusinessDate | null,
  rules: RegisterRules,
): boolean {
  // An announced departure counts from the announcement: the change may take effect when the GP leaves.
  if (!gpLeftOn) return false;
  if (today >= addMonths(gpLeftOn, rules.gpLeftExtraChangeWindowMonths)) return false;
  return !liveLinks(state).some((l) => l.exemption === 'GP_LEFT' && l.from >= gpLeftOn);
}

/** R16 (BANETT): each move by a list reduction gives one extra change, used once the limit is reached. */
export function reductionCreditsAvailable(state: PersonState): number {
  const live = liveLinks(state);
  const earned = live.filter((l) => l.beginReason === 'REDUCTION_MOVE').length;
  const used = live.filter((l) => l.exemption === 'REDUCTION_EXTRA').length;
  return earned - used;
}

/**
 * R13b: the lists the person was on while last living in the municipality they moved back to, if they
 * left it within 3 years. `codesOnLastMove` maps a municipality number to the code it has on the day
 * of the last move (§1.8: a former residence under an old code of the same municipality is the same
 * place); a number not in it is unchanged.
 */
export function formerListOnReturn(
  state: PersonState,
  codesOnLastMove: Readonly<Record<string, string>> = {},
): { contractIds: string[]; movedOn: BusinessDate } | null {
  const move = state.lastMove;
  if (!move) return null;
  const code = (number: string) => codesOnLastMove[number] ?? number;
  const to = code(move.to);
  const earlier = state.residences
    .filter((r) => code(r.municipality) === to && r.to !== null && r.to <= move.movedOn)
    .sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!earlier?.to) return null;
  // Three years from leaving, half-open: moving back on the third anniversary is too late.
  if (move.movedOn >= addMonths(earlier.to, 36)) return null;
  const contractIds = liveLinks(state)
    .filter((l) => l.from < earlier.to! && (l.to === null || l.to > earlier.from))
    .map((l) => l.contractId);
  return contractIds.length > 0 ? { contractIds, movedOn: move.movedOn } : null;
}
