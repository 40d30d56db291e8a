import { hashString } from './rng';

/** Id spaces; each gets its own uuid-shaped range so ids never collide across kinds. */
export const IdKind = {
  person: 1,
  contract: 2,
  association: 3,
  doctorPeriod: 4,
  household: 5,
  event: 6,
  correlation: 7,
  reduction: 8,
} as const;
export type IdKind = (typeof IdKind)[keyof typeof IdKind];

const TWO_48 = 2 ** 48;

/**
 * Deterministic RFC-4122-shaped (version 4, variant 8) ids: `<seed>-<kind>-4000-8<hi>-<lo>`. Unique by
 * construction for one seed (the counter is embedded), so no collision check is needed.
 */
export class IdFactory {
  /** Per kind: everything up to the counter (`<seed>-<kind>-4000-8`). */
  private readonly prefixes: string[] = [];

  constructor(seed: number | string) {
    const h = typeof seed === 'number' ? hashString(`n:${seed}`) : hashString(`s:${seed}`);
    const prefix = h.toString(16).padStart(8, '0');
    for (let kind = 0; kind < 16; kind++) prefixes(this.prefixes, prefix, kind);
  }

  make(kind: IdKind, n: number): string {
    if (n < TWO_48) {
      const hex = n.toString(16);
      return `${this.prefixes[kind]}000-${ZEROS.slice(hex.length)}${hex}`;
    }
    const hi = Math.floor(n / TWO_48);
    const lo = (n - hi * TWO_48).toString(16);
    return `${this.prefixes[kind]}${hi.toString(16).padStart(3, '0')}-${ZEROS.slice(lo.length)}${lo}`;
  }
}

const ZEROS = '000000000000';

function prefixes(into: string[], seedPrefix: string, kind: number): void {
  into[kind] = `${seedPrefix}-${kind.toString(16).padStart(4, '0')}-4000-8`;
}
