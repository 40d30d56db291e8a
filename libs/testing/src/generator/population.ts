import { dateOfDayNumber, individualRangesFor, makeNin, toDayNumber } from '@flr/domain';
import { ensureCapacity } from './growable';

export const PersonStatus = { Resident: 0, OptedOut: 1, Dead: 2, Emigrated: 3 } as const;
export type PersonStatus = (typeof PersonStatus)[keyof typeof PersonStatus];

const BASE_DAY = toDayNumber('1890-01-01');

/**
 * Column store of the synthetic persons (typed arrays; no object per person) plus the set of
 * living residents for O(1) random draws.
 */
export class Population {
  size = 0;
  birthDay = new Int32Array(1024);
  /** 0 female, 1 male. */
  sex = new Uint8Array(1024);
  origin = new Uint16Array(1024);
  status = new Uint8Array(1024);
  /** Index of the list the person is (or will be, if pending) on; -1 = none. */
  contract = new Int32Array(1024);
  /** Association counter of the current link (for the association id). */
  association = new Int32Array(1024);
  /** Day number before which the person has a pending change and is left alone. */
  pendingUntil = new Int32Array(1024);
  household = new Int32Array(1024);
  changeYear = new Uint16Array(1024);
  changeCount = new Uint8Array(1024);
  /**
   * R16/S15: per person who moved, the day of each move still in its window with the day the window
   * closes, and the start days of the changes used under the move exemption since the first of them
   * (each move gives one change; queries.ts `moveCreditAvailable`).
   */
  moveCredits = new Map<number, { moved: number[]; until: number[]; used: number[] }>();
  /** The list whose waiting list the person stands on (-1 = none), and the number of their last join. */
  waitingFor = new Int32Array(1024).fill(-1);
  waitingSeq = new Int32Array(1024);
  /** The person's index in their list's member array (ContractBook.members). */
  memberSlot = new Int32Array(1024);
  /** R13b: day number until which a person who moved back keeps their list (0 = none). */
  noChangeUntil = new Int32Array(1024);
  /** R16: start day of the person's last GP_LEFT-exempt link (0 = none). */
  gpLeftCreditFrom = new Int32Array(1024);
  /** R16: start day of the current link when it is a move off a cancelled list (R34b), else 0. */
  endMoveFrom = new Int32Array(1024);
  /** R16 (BANETT): extra changes earned by list reductions and not yet used. */
  reductionCredits = new Uint8Array(1024);
  /** The registered parent (a newborn's mother), -1 = none: R31 tells a grown child from the household. */
  mother = new Int32Array(1024).fill(-1);

  /** Living residents (any status but Dead/Emigrated), with each one's slot for swap-removal. */
  private alive = new Int32Array(1024);
  private aliveSlot = new Int32Array(1024);
  aliveCount = 0;
  /** Living residents per origin municipality (to place new lists where people live). */
  readonly aliveByOrigin: Int32Array;

  constructor(originCount: number) {
    this.aliveByOrigin = new Int32Array(originCount);
  }

  /** Next individnummer slot per birth day and sex (§1.1), so every nin is unique. */
  private nextIndividual = new Uint16Array(2 * (toDayNumber('2041-01-01') - BASE_DAY));

  add(birthDay: number, sex: 0 | 1, origin: number, household: number): number {
    const p = this.size++;
    const n = this.size;
    this.birthDay = ensureCapacity(this.birthDay, n, Int32Array);
    this.sex = ensureCapacity(this.sex, n, Uint8Array);
    this.origin = ensureCapacity(this.origin, n, Uint16Array);
    this.status = ensureCapacity(this.status, n, Uint8Array);
    this.contract = ensureCapacity(this.contract, n, Int32Array);
    this.association = ensureCapacity(this.association, n, Int32Array);
    this.pendingUntil = ensureCapacity(this.pendingUntil, n, Int32Array);
    this.household = ensureCapacity(this.household, n, Int32Array);
    this.changeYear = ensureCapacity(this.changeYear, n, Uint16Array);
    this.changeCount = ensureCapacity(this.changeCount, n, Uint8Array);
    this.gpLeftCreditFrom = ensureCapacity(this.gpLeftCreditFrom, n, Int32Array);
    this.reductionCredits = ensureCapacity(this.reductionCredits, n, Uint8Array);
    this.endMoveFrom = ensureCapacity(this.endMoveFrom, n, Int32Array);
    this.mother = ensureCapacity(this.mother, n, Int32Array);
    this.noChangeUntil = ensureCapacity(this.noChangeUntil, n, Int32Array);
    this.memberSlot = ensureCapacity(this.memberSlot, n, Int32Array);
    this.waitingFor = ensureCapacity(this.waitingFor, n, Int32Array);
    this.waitingSeq = ensureCapacity(this.waitingSeq, n, Int32Array);
    this.aliveSlot = ensureCapacity(this.aliveSlot, n, Int32Array);
    this.alive = ensureCapacity(this.alive, this.aliveCount + 1, Int32Array);
    this.birthDay[p] = birthDay;
    this.sex[p] = sex;
    this.origin[p] = origin;
    this.status[p] = PersonStatus.Resident;
    this.contract[p] = -1;
    this.pendingUntil[p] = 0;
    this.waitingFor[p] = -1;
    this.mother[p] = -1;
    this.household[p] = household;
    this.aliveByOrigin[origin]++;
    this.alive[this.aliveCount] = p;
    this.aliveSlot[p] = this.aliveCount++;
    return p;
  }

  /** Removes a dead or emigrated person from the living set. */
  leave(p: number, status: PersonStatus): void {
    this.status[p] = status;
    this.aliveByOrigin[this.origin[p]]--;
    const slot = this.aliveSlot[p];
    const last = this.alive[--this.aliveCount];
    this.alive[slot] = last;
    this.aliveSlot[last] = slot;
  }

  /** R16: a move between municipalities on `day` gives one change until `until` (exclusive). */
  moveCreditGiven(p: number, day: number, until: number): void {
    const credits = this.moveCredits.get(p) ?? { moved: [], until: [], used: [] };
    credits.moved.push(day);
    credits.until.push(until);
    this.moveCredits.set(p, credits);
  }

  /**
   * R16 as queries.ts `moveCreditAvailable` counts it on `day`: the moves whose window is open, less
   * the move changes taking effect after the first of them. Moves whose window closed are dropped, and
   * with them the changes no longer after the first open one.
   */
  moveCreditOpen(p: number, day: number): boolean {
    const credits = this.moveCredits.get(p);
    if (!credits) return false;
    while (credits.moved.length > 0 && credits.until[0] <= day) {
      credits.moved.shift();
      credits.until.shift();
    }
    if (credits.moved.length === 0) {
      this.moveCredits.delete(p);
      return false;
    }
    const first = credits.moved[0];
    credits.used = credits.used.filter((from) => from > first);
    const open = credits.moved.filter((m, i) => m <= day && day < credits.until[i]).length;
    return open > credits.used.length;
  }

  /** R16: a change from `from` used a move's credit. */
  moveCreditUsed(p: number, from: number): void {
    this.moveCredits.get(p)?.used.push(from);
  }

  moveTo(p: number, origin: number, household: number): void {
    this.aliveByOrigin[this.origin[p]]--;
    this.aliveByOrigin[origin]++;
    this.origin[p] = origin;
    this.household[p] = household;
  }

  aliveAt(slot: number): number {
    return this.alive[slot];
  }

  /**
   * A synthetic nin (month + 80, so it can never be a real person's, §1.3) matching birth date and sex.
   * If a day's individnummer for that sex are used up, the birth day moves one day earlier.
   */
  allocateNin(p: number, kind: 'FNR' | 'DNR'): string {
    for (;;) {
      const day = this.birthDay[p];
      const date = dateOfDayNumber(day);
      const ranges = individualRangesFor(Number(date.slice(0, 4)));
      const slot = 2 * (day - BASE_DAY) + this.sex[p];
      for (;;) {
        const ind = individualAt(ranges, 2 * this.nextIndividual[slot]++ + this.sex[p]);
        if (ind === null) break;
        const nin = makeNin(date, ind, { kind, synthetic: true });
        if (nin !== null) return nin;
      }
      this.birthDay[p] = day - 1;
    }
  }
}

function individualAt(ranges: ReadonlyArray<readonly [number, number]>, index: number): number | null {
  for (const [lo, hi] of ranges) {
    const width = hi - lo + 1;
    if (index < width) return lo + index;
    index -= width;
  }
  return null;
}
