/**
 * §1.1 century table: the birth year encoded by an individnummer (000–999) and a two-digit year,
 * or null for a combination that is never issued.
 */
export function birthYearOf(individual: number, yy: number): number | null {
  if (individual < 500) return 1900 + yy;
  if (yy <= 39) return 2000 + yy; // 500–999
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return null;
}
