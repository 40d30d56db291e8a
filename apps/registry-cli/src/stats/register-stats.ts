/**
 * DOMAIN.md §6's figures recomputed from the register at a series of dates. Definitions:
 * - a list is in force on d when valid_from <= d < canceled_from; it has a GP when an LPFL period covers d;
 * - a resident on d is registered on or before d, neither dead nor abroad on d (emigrated and not moved back);
 * - listed residents: persons with a link covering d; residents without a GP: residents not on a list
 *   with a GP (on no list, or on a list without one); unassigned (ufordelte): residents on no list who
 *   have not opted out;
 * - list lengths are over lists in force with a GP (the average also over all lists); bands as HDIR's;
 * - voluntary changes: CHOICE or WAITLIST links of a person who had a link before, by year of start.
 */
import type { RegisterDb } from '../register/register-db';

export type Every = 'year' | 'quarter' | 'month';

export interface StatsRange {
  readonly from: string;
  readonly to: string;
  readonly every: Every;
}

export const FIGURES = [
  ['date', 'date'],
  ['lists', 'lists in force'],
  ['lists_without_gp', 'lists without a GP'],
  ['residents', 'residents'],
  ['listed_residents', 'residents on a list'],
  ['residents_on_lists_without_gp', 'residents on lists without a GP'],
  ['residents_without_gp', 'residents without a GP'],
  ['unassigned', 'unassigned residents (ufordelte)'],
  ['avg_list_length', 'average list length (lists with a GP)'],
  ['avg_list_length_all', 'average list length (all lists)'],
  ['median_list_length', 'median list length (lists with a GP)'],
  ['lists_up_to_500', 'lists with up to 500'],
  ['lists_501_1000', 'lists with 501-1,000'],
  ['lists_1001_1400', 'lists with 1,001-1,400'],
  ['lists_over_1400', 'lists with over 1,400'],
  ['waiting', 'persons on a waiting list'],
] as const;

const covers = (alias: string, from: string, to: string) =>
  `${alias}.${from} <= d.d AND (${alias}.${to} IS NULL OR ${alias}.${to} > d.d)`;

function datesSql(range: StatsRange): string {
  const step = range.every === 'quarter' ? '3 MONTH' : `1 ${range.every.toUpperCase()}`;
  return `SELECT CAST(unnest(generate_series(DATE '${range.from}', DATE '${range.to}', INTERVAL ${step})) AS DATE) AS d`;
}

export function statsSql(range: StatsRange): string {
  return `WITH dates AS (${datesSql(range)}),
  gp_on AS (
    SELECT DISTINCT d.d, p.contract_id FROM dates d
    JOIN x_doctor_periods p ON p.relationship = 'LPFL' AND ${covers('p', 'from_date', 'to_date')}),
  lists AS (
    SELECT d.d, c.contract_id, g.contract_id IS NOT NULL AS has_gp
    FROM dates d JOIN x_contracts c ON ${covers('c', 'valid_from', 'canceled_from')}
    LEFT JOIN gp_on g ON g.d = d.d AND g.contract_id = c.contract_id),
  links_on AS (SELECT d.d, l.person_id, l.contract_id FROM dates d JOIN x_links l ON ${covers('l', 'from_date', 'to_date')}),
  sizes AS (SELECT d, contract_id, count(*) AS n FROM links_on GROUP BY ALL),
  list_sizes AS (SELECT lists.*, coalesce(sizes.n, 0) AS n FROM lists LEFT JOIN sizes USING (d, contract_id)),
  residents_on AS (
    SELECT d.d, p.person_id, p.opted_out_on FROM dates d JOIN x_persons p
      ON p.registered_on <= d.d AND (p.died_on IS NULL OR p.died_on > d.d)
    ANTI JOIN x_emigrations e ON e.person_id = p.person_id AND ${covers('e', 'emigrated_on', 'returned_on')}),
  placed AS (SELECT r.d, r.person_id, r.opted_out_on, ls.has_gp FROM residents_on r
    LEFT JOIN links_on l USING (d, person_id) LEFT JOIN lists ls ON ls.d = r.d AND ls.contract_id = l.contract_id),
  by_list AS (
    SELECT d, count(*) AS lists, count(*) FILTER (WHERE NOT has_gp) AS lists_without_gp,
      round(avg(n) FILTER (WHERE has_gp), 1) AS avg_list_length, round(avg(n), 1) AS avg_list_length_all,
      median(n) FILTER (WHERE has_gp) AS median_list_length,
      count(*) FILTER (WHERE has_gp AND n <= 500) AS lists_up_to_500,
      count(*) FILTER (WHERE has_gp AND n BETWEEN 501 AND 1000) AS lists_501_1000,
      count(*) FILTER (WHERE has_gp AND n BETWEEN 1001 AND 1400) AS lists_1001_1400,
      count(*) FILTER (WHERE has_gp AND n > 1400) AS lists_over_1400,
      count(*) FILTER (WHERE has_gp) AS lists_with_gp
    FROM list_sizes GROUP BY d),
  by_person AS (
    SELECT d, count(*) AS residents, count(*) FILTER (WHERE has_gp IS NOT NULL) AS listed_residents,
      count(*) FILTER (WHERE has_gp = false) AS residents_on_lists_without_gp,
      count(*) FILTER (WHERE has_gp IS NULL OR NOT has_gp) AS residents_without_gp,
      count(*) FILTER (WHERE has_gp IS NULL AND (opted_out_on IS NULL OR opted_out_on > d)) AS unassigned
    FROM placed GROUP BY d),
  waiting AS (SELECT d.d, count(DISTINCT w.person_id) AS waiting FROM dates d
    JOIN x_waiting w ON ${covers('w', 'joined_on', 'left_on')} GROUP BY ALL)
  SELECT dates.d AS date, coalesce(lists, 0) AS lists, coalesce(lists_without_gp, 0) AS lists_without_gp,
    coalesce(residents, 0) AS residents, coalesce(listed_residents, 0) AS listed_residents,
    coalesce(residents_on_lists_without_gp, 0) AS residents_on_lists_without_gp,
    coalesce(residents_without_gp, 0) AS residents_without_gp, coalesce(unassigned, 0) AS unassigned,
    avg_list_length, avg_list_length_all, median_list_length, coalesce(lists_up_to_500, 0) AS lists_up_to_500,
    coalesce(lists_501_1000, 0) AS lists_501_1000, coalesce(lists_1001_1400, 0) AS lists_1001_1400,
    coalesce(lists_over_1400, 0) AS lists_over_1400, coalesce(waiting, 0) AS waiting, coalesce(lists_with_gp, 0) AS lists_with_gp
  FROM dates LEFT JOIN by_list ON by_list.d = dates.d LEFT JOIN by_person ON by_person.d = dates.d
  LEFT JOIN waiting ON waiting.d = dates.d ORDER BY dates.d`;
}

/** Persons on a waiting list at each date (the `waiting` figure alone, cheap enough for every month). */
export function waitingSql(range: StatsRange): string {
  return `WITH dates AS (${datesSql(range)})
  SELECT dates.d AS date, count(DISTINCT w.person_id) AS waiting
  FROM dates LEFT JOIN x_waiting w ON w.joined_on <= dates.d AND (w.left_on IS NULL OR w.left_on > dates.d)
  GROUP BY dates.d ORDER BY dates.d`;
}

export function changesPerYearSql(range: StatsRange): string {
  return `SELECT year(from_date) AS year, count(*) AS voluntary_changes,
      count(*) FILTER (WHERE counts_toward_limit) AS counted_toward_limit
    FROM (SELECT *, lag(from_date) OVER (PARTITION BY person_id ORDER BY from_date, pos) AS previous FROM x_links)
    WHERE previous IS NOT NULL AND begin_reason IN ('CHOICE', 'WAITLIST')
      AND from_date >= DATE '${range.from}' AND from_date <= DATE '${range.to}'
    GROUP BY ALL ORDER BY year`;
}

export type StatsRow = Record<string, string | number | null>;

/** R48: counts under `minCell` become '<5'; averages and medians over fewer than `minCell` lists too. */
export function suppress(rows: readonly Record<string, unknown>[], minCell: number): StatsRow[] {
  return rows.map((row) => {
    const out: StatsRow = {};
    const fewLists = Number(row.lists_with_gp ?? minCell) < minCell;
    for (const [key, value] of Object.entries(row)) {
      if (key === 'lists_with_gp') continue;
      if (key === 'date' || key === 'year' || value === null) out[key] = value as string | null;
      else if (/avg|median/.test(key)) out[key] = fewLists ? `<${minCell}` : Number(value);
      else {
        const n = Number(value);
        out[key] = n > 0 && n < minCell ? `<${minCell}` : n;
      }
    }
    return out;
  });
}

export interface RegisterStats {
  readonly range: StatsRange;
  readonly figures: StatsRow[];
  readonly changes: StatsRow[];
}

export async function registerStats(
  db: RegisterDb,
  range: StatsRange,
  minCell: number,
): Promise<RegisterStats> {
  const figures = suppress(await db.rows(statsSql(range)), minCell);
  const changes = suppress(await db.rows(changesPerYearSql(range)), minCell);
  return { range, figures, changes };
}
