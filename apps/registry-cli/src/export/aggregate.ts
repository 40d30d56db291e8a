import type { ExactLink } from './link-extract';

/** Age groups for tables (the six of the pasienttilpasset model are unconfirmed [U]; these are coarse). */
const AGE_GROUPS: readonly [number, number, string][] = [
  [0, 5, '0-5'],
  [6, 15, '6-15'],
  [16, 44, '16-44'],
  [45, 66, '45-66'],
  [67, 79, '67-79'],
  [80, 200, '80+'],
];

export interface Cell {
  readonly year: number;
  readonly municipality: string;
  readonly sex: string;
  readonly ageGroup: string;
  /** null when suppressed. */
  readonly listed: number | null;
  readonly suppressed: boolean;
}

function ageGroup(birthYear: number | null, year: number): string {
  if (birthYear === null) return 'unknown';
  const age = year - birthYear;
  return AGE_GROUPS.find(([lo, hi]) => age >= lo && age <= hi)?.[2] ?? 'unknown';
}

/**
 * Persons on a list on 1 January of each year by residence municipality, sex and age group.
 * Cells below `minCell` are suppressed (R48: small cells reveal individuals).
 */
export function listedOnNewYear(links: readonly ExactLink[], years: readonly number[], minCell = 5): Cell[] {
  const counts = new Map<string, number>();
  for (const year of years) {
    const newYear = `${year}-01-01`;
    const seen = new Set<string>();
    for (const link of links) {
      if (link.from > newYear || (link.to !== null && link.to <= newYear) || seen.has(link.personId))
        continue;
      seen.add(link.personId);
      const key = [
        year,
        link.municipality ?? 'unknown',
        link.sex ?? 'unknown',
        ageGroup(link.birthYear, year),
      ].join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([key, n]) => {
      const [year, municipality, sex, group] = key.split('|');
      const suppressed = n < minCell;
      return {
        year: Number(year),
        municipality,
        sex,
        ageGroup: group,
        listed: suppressed ? null : n,
        suppressed,
      };
    })
    .sort(
      (a, b) =>
        a.year - b.year ||
        a.municipality.localeCompare(b.municipality) ||
        a.ageGroup.localeCompare(b.ageGroup),
    );
}
