import { type BusinessDate, municipalityCodes } from '@flr/domain';
import type { Rng } from './rng';

/**
 * The generator's municipalities are the codes valid on the start date ("origins"). A person or list
 * keeps its origin; its code on a later date follows renumberings and mergers forward (a split picks one
 * target by a stable key), so §1.8 code changes never look like moves.
 */
export class MunicipalityModel {
  readonly origins: string[];
  /** Population weight (SSB 1 Jan 2024, shared between the origins that merged into one code). */
  readonly weights: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly epochStarts: BusinessDate[];
  /** epochCodes[epoch][origin] = the origin's code in that epoch (as the register canonicalises it). */
  private readonly epochCodes: string[][];

  /** Per change date, the renumberings as the register records them: one new number per old number. */
  private readonly renumberings = new Map<BusinessDate, RegisterRenumbering[]>();

  constructor(from: BusinessDate, to: BusinessDate) {
    this.origins = municipalityCodes.validOn(from);
    const shares = new Map<string, number>();
    const targets = this.origins.map((o) => municipalityCodes.canonicalOn(o, '2024-01-01'));
    for (const ts of targets) for (const t of ts) shares.set(t, (shares.get(t) ?? 0) + 1);
    this.weights = new Float64Array(
      targets.map((ts) =>
        ts.reduce((w, t) => w + (municipalityCodes.population(t) ?? 0) / (shares.get(t) ?? 1), 0),
      ),
    );
    this.cumulative = new Float64Array(this.weights.length);
    let sum = 0;
    this.weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    // RenumberMunicipality gives an old number one new number (§1.8): a split (5012 and 1850 in 2020,
    // 1507 in 2024) is registered as a renumbering to its most populous part, so the whole old area
    // follows that code in the register and here alike.
    for (const change of municipalityCodes.changesBetween(from, to)) {
      if (change.date >= to) continue;
      const day = this.renumberings.get(change.date) ?? [];
      const same = day.find((r) => r.oldNumber === change.oldNumber);
      if (!same)
        day.push({ oldNumber: change.oldNumber, newNumber: change.newNumber, effectiveFrom: change.date });
      else if (populationOf(change.newNumber) > populationOf(same.newNumber))
        same.newNumber = change.newNumber;
      this.renumberings.set(change.date, day);
    }
    this.epochStarts = [from, ...this.renumberings.keys()];
    let codes = this.origins;
    this.epochCodes = this.epochStarts.map((start) => {
      const next = new Map((this.renumberings.get(start) ?? []).map((r) => [r.oldNumber, r.newNumber]));
      codes = codes.map((c) => next.get(c) ?? c);
      return codes;
    });
  }

  /** The renumberings registered on `date` (1 January of a reform year), in the data's order. */
  renumberingsOn(date: BusinessDate): readonly RegisterRenumbering[] {
    return this.renumberings.get(date) ?? [];
  }

  /** An origin drawn by population weight, optionally restricted by `allowed` (same length as origins). */
  drawOrigin(rng: Rng, allowed?: Uint8Array): number {
    for (let attempt = 0; attempt < 64; attempt++) {
      const x = rng.next() * this.cumulative[this.cumulative.length - 1];
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cumulative[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      if (!allowed || allowed[lo]) return lo;
    }
    if (!allowed) return 0;
    return Math.max(0, allowed.indexOf(1));
  }

  epochOf(date: BusinessDate): number {
    let e = 0;
    while (e + 1 < this.epochStarts.length && this.epochStarts[e + 1] <= date) e++;
    return e;
  }

  /** Code of `origin` in `epoch`. */
  codeOf(origin: number, epoch: number): string {
    return this.epochCodes[epoch][origin];
  }

  /** The change dates (1 January) inside the simulated range, with their changes. */
  changeDates(): BusinessDate[] {
    return this.epochStarts.slice(1);
  }
}

export interface RegisterRenumbering {
  readonly oldNumber: string;
  newNumber: string;
  readonly effectiveFrom: BusinessDate;
}

function populationOf(number: string): number {
  return municipalityCodes.population(number) ?? 0;
}
