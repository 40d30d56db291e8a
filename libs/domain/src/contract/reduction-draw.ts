import { ageOn } from '../calendar';
import type { BusinessDate } from '../events';

export interface ReductionMember {
  readonly personId: string;
  readonly householdId: string | null;
  readonly birthDate: BusinessDate;
  /** The person's parents (internal ids), to tell a grown-up child from the household's adults. */
  readonly parentIds?: readonly string[];
}

/** R12/R31: under 16 a child is family; 16 and 17 are drawn on their own; adults share the household. */
const FAMILY_CHILD_LIMIT = 16;
const ADULT = 18;

/**
 * R31: household clusters (adults plus children under 16 sharing a household id; 16–17-year-olds,
 * children of 16 or over living with a parent on the list, and people without a household alone),
 * sorted so the input order never matters.
 */
export function householdClusters(members: readonly ReductionMember[], on: BusinessDate): string[][] {
  const byHousehold = new Map<string, string[]>();
  const singles: string[][] = [];
  const householdOf = new Map(members.map((m) => [m.personId, m.householdId]));
  for (const m of members) {
    const age = ageOn(m.birthDate, on);
    // R12: "children aged 16 and over are not counted as family", whatever their age beyond that.
    const grownChild =
      m.householdId !== null && (m.parentIds ?? []).some((p) => householdOf.get(p) === m.householdId);
    const independent = age >= FAMILY_CHILD_LIMIT && (age < ADULT || grownChild);
    if (m.householdId === null || independent) singles.push([m.personId]);
    else {
      const cluster = byHousehold.get(m.householdId) ?? [];
      cluster.push(m.personId);
      byHousehold.set(m.householdId, cluster);
    }
  }
  const clusters = [...byHousehold.values(), ...singles].map((c) => [...c].sort());
  return clusters.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** A small deterministic PRNG (xmur3 string hash seeding mulberry32): the same seed, the same draw. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * R30/R31: shuffle the clusters with the seed and take whole clusters until `count` is reached. When the
 * last cluster would overshoot, 'accept' takes it and 'skip' passes it over and keeps drawing [U].
 */
export function drawReduction(
  members: readonly ReductionMember[],
  count: number,
  seed: string,
  on: BusinessDate,
  overshoot: 'accept' | 'skip',
): string[] {
  const clusters = householdClusters(members, on);
  const random = seededRandom(seed);
  for (let i = clusters.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [clusters[i], clusters[j]] = [clusters[j], clusters[i]];
  }
  const drawn: string[] = [];
  for (const cluster of clusters) {
    if (drawn.length >= count) break;
    if (drawn.length + cluster.length > count && overshoot === 'skip') continue;
    drawn.push(...cluster);
  }
  return drawn;
}
