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
  /** epochCodes[epoch][origin] = the codes valid in that epoch. */
  private readonly epochCodes: string[][][];

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
    const changeDates = [...new Set(municipalityCodes.changesBetween(from, to).map((c) => c.date))];
    this.epochStarts = [from, ...changeDates.filter((d) => d < to)];
    this.epochCodes = this.epochStarts.map((start) =>
      this.origins.map((o) => municipalityCodes.canonicalOn(o, start)),
    );
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

  /** Code of `origin` in `epoch`; `key` picks the part of a split municipality. */
  codeOf(origin: number, epoch: number, key: number): string {
    const codes = this.epochCodes[epoch][origin];
    return codes.length === 1 ? codes[0] : codes[key % codes.length];
  }

  /** The change dates (1 January) inside the simulated range, with their changes. */
  changeDates(): BusinessDate[] {
    return this.epochStarts.slice(1);
  }
}
