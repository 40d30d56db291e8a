import { ensureCapacity } from './growable';

/** Column store of lists (contracts) and their doctor state. */
export class ContractBook {
  size = 0;
  origin = new Uint16Array(64);
  maxPatients = new Int32Array(64);
  /** People on the list including pending arrivals, excluding pending departures (§4.4). */
  listSize = new Int32Array(64);
  /** Current LPFL doctor's HPR, 0 when the list is vacant (ubesatt). */
  gp = new Int32Array(64);
  /** Day number the current LPFL period starts. */
  gpFrom = new Int32Array(64);
  /** Doctor-period counter of the current LPFL period. */
  gpPeriod = new Int32Array(64);
  /** When vacant: day number the vacancy began. */
  vacantSince = new Int32Array(64);
  /** When vacant: day number on which the next LPFL starts. */
  vacantUntil = new Int32Array(64);
  /** Day number until which an LPVI period is registered (exclusive); avoids overlapping vikar periods. */
  substituteUntil = new Int32Array(64);
  /** R16: end day of the list's last ended LPFL period, and the end of its extra-change window (0 = none). */
  gpLeftDay = new Int32Array(64);
  gpLeftUntil = new Int32Array(64);
  /** Day number the contract is in force from. */
  validFromDay = new Int32Array(64);
  /** R14: while locked (by hand), the day number on which Helfo opens the list again; 0 when not locked. */
  lockedUntil = new Int32Array(64);
  /**
   * R34b: the day number the contract ends (cancelled, its patients moved), 0 while it goes on. The
   * generator drops a list from every choice once its cancellation is registered.
   */
  canceledFrom = new Int32Array(64);
  /** Lists not cancelled (`size` counts every list ever created). */
  activeCount = 0;
  /** The municipality number the contract was created with (the register canonicalises it later). */
  createdCode: string[] = [];
  orgNo: string[] = [];
  byOrigin: number[][] = [];
  /** Each list's people (as `listSize` counts them), for drawing a member; see Population.memberSlot. */
  members: Int32Array[] = [];

  add(origin: number, maxPatients: number, orgNo: string): number {
    const c = this.size++;
    const n = this.size;
    this.origin = ensureCapacity(this.origin, n, Uint16Array);
    this.maxPatients = ensureCapacity(this.maxPatients, n, Int32Array);
    this.listSize = ensureCapacity(this.listSize, n, Int32Array);
    this.gp = ensureCapacity(this.gp, n, Int32Array);
    this.gpPeriod = ensureCapacity(this.gpPeriod, n, Int32Array);
    this.gpFrom = ensureCapacity(this.gpFrom, n, Int32Array);
    this.vacantUntil = ensureCapacity(this.vacantUntil, n, Int32Array);
    this.vacantSince = ensureCapacity(this.vacantSince, n, Int32Array);
    this.substituteUntil = ensureCapacity(this.substituteUntil, n, Int32Array);
    this.validFromDay = ensureCapacity(this.validFromDay, n, Int32Array);
    this.lockedUntil = ensureCapacity(this.lockedUntil, n, Int32Array);
    this.canceledFrom = ensureCapacity(this.canceledFrom, n, Int32Array);
    this.gpLeftDay = ensureCapacity(this.gpLeftDay, n, Int32Array);
    this.gpLeftUntil = ensureCapacity(this.gpLeftUntil, n, Int32Array);
    this.origin[c] = origin;
    this.maxPatients[c] = maxPatients;
    this.orgNo[c] = orgNo;
    (this.byOrigin[origin] ??= []).push(c);
    this.members[c] = new Int32Array(16);
    this.activeCount++;
    return c;
  }

  /** Places a newcomer can take (R6/R14): none on a locked list, nor on one being cancelled. */
  free(c: number): number {
    return this.lockedUntil[c] !== 0 || this.canceledFrom[c] !== 0
      ? 0
      : this.maxPatients[c] - this.listSize[c];
  }

  canceled(c: number): boolean {
    return this.canceledFrom[c] !== 0;
  }

  /** R34b: from now on nobody is placed on `c`, and it ends on `day`. */
  cancel(c: number, day: number): void {
    this.canceledFrom[c] = day;
    this.activeCount--;
    const lists = this.byOrigin[this.origin[c]];
    lists.splice(lists.indexOf(c), 1);
  }

  locked(c: number): boolean {
    return this.lockedUntil[c] !== 0;
  }

  totalCapacity(): number {
    let sum = 0;
    for (let c = 0; c < this.size; c++) if (this.canceledFrom[c] === 0) sum += this.maxPatients[c];
    return sum;
  }
}

/** A list ceiling drawn per §6: roughly normal, sd 300, clipped to 300–2,500 [U shape]. */
export function clipCeiling(value: number): number {
  return Math.max(300, Math.min(2500, Math.round(value)));
}
