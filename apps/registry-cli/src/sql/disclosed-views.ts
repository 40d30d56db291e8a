/**
 * R48 for every analyst-facing table: persons and GPs become keyed HMAC pseudonyms (one secret per
 * disclosure, so two disclosures cannot be joined), dates are coarsened to the first day of their
 * month, and NINs, internal person ids and households are left out. Only the admin role's own export
 * keeps NINs and exact dates.
 */
import type { RegisterDb } from '../register/register-db';
import type { Pseudonymiser } from '../shared/pseudonymise';
import { TableWriter } from './table-writer';

export type Role = 'analyst' | 'admin';
export const VIEW_NAMES = ['links', 'contracts', 'doctor_periods', 'persons', 'waiting'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

function selects(role: Role): Record<ViewName, string> {
  const exact = role === 'admin';
  const d = (column: string) =>
    exact ? column : `CAST(date_trunc('month', ${column}) AS DATE) AS ${column}`;
  const person = exact ? 'p.person_id AS person, p.nin' : 'pp.pseudonym AS person';
  const personJoin = (alias: string) =>
    exact
      ? `x_persons p ON p.person_id = ${alias}.person_id`
      : `p_person pp ON pp.person_id = ${alias}.person_id`;
  return {
    persons: `SELECT ${person}, ${d('birth_date')}, p.sex, p.first_municipality, p.municipality, p.municipality_now, ${d('registered_on')}, ${d('died_on')}, ${d('emigrated_on')}, ${d('opted_out_on')}
      FROM x_persons p ${exact ? '' : 'JOIN p_person pp ON pp.person_id = p.person_id'}`,
    links: `SELECT ${person}, l.contract_id, ${d('from_date')}, ${d('to_date')}, l.begin_reason, l.end_reason,
        l.counts_toward_limit FROM x_links l JOIN ${personJoin('l')}`,
    contracts: `SELECT contract_id, municipality, municipality_now, office_org_no, max_patients, ${d('valid_from')}, ${d('canceled_from')},
        end_reason, common_list, fixed_salary, status FROM x_contracts`,
    doctor_periods: `SELECT dp.period_id, dp.contract_id, ${exact ? 'dp.hpr AS gp' : 'g.pseudonym AS gp'}, dp.relationship,
        ${d('from_date')}, ${d('to_date')}, ${exact ? 'dp.substitute_for_hpr AS substitute_for' : 's.pseudonym AS substitute_for'},
        dp.working_percentage FROM x_doctor_periods dp
        ${exact ? '' : 'JOIN p_gp g ON g.hpr = dp.hpr LEFT JOIN p_gp s ON s.hpr = dp.substitute_for_hpr'}`,
    waiting: `SELECT ${person}, w.contract_id, ${d('joined_on')}, ${d('left_on')}, w.leave_reason
        FROM x_waiting w JOIN ${personJoin('w')}`,
  };
}

/** The SELECT that produces one disclosed table (pseudonym tables must exist for the analyst role). */
export function disclosedSelect(view: ViewName, role: Role): string {
  return selects(role)[view];
}

/** Fills p_person and p_gp with this disclosure's pseudonyms, a chunk at a time. */
export async function createPseudonyms(db: RegisterDb, pseudonymiser: Pseudonymiser): Promise<void> {
  await fill(db, 'SELECT person_id FROM ev_person_registered', 'p_person', 'person_id', (id) =>
    pseudonymiser.pseudonym('person', id),
  );
  await fill(
    db,
    'SELECT DISTINCT hpr FROM ev_gp UNION SELECT DISTINCT hpr FROM ev_doctor_started',
    'p_gp',
    'hpr',
    (hpr) => pseudonymiser.pseudonym('gp', hpr),
  );
}

async function fill(
  db: RegisterDb,
  source: string,
  table: string,
  key: string,
  pseudonym: (id: string) => string,
): Promise<void> {
  // One disclosure at a time per database: a new one replaces the previous one's pseudonyms.
  await db.connection.run(`DROP TABLE IF EXISTS ${table}`);
  const writer = await TableWriter.open(db.connection, table, [
    [key, key === 'hpr' ? 'INTEGER' : 'VARCHAR'],
    ['pseudonym', 'VARCHAR'],
  ]);
  // A second connection reads while the first appends.
  const reader = await db.instance.connect();
  try {
    const result = await reader.stream(source);
    for await (const rows of result.yieldRowsJson()) {
      for (const [id] of rows) writer.row([id as string | number, pseudonym(String(id))]);
    }
  } finally {
    writer.close();
    reader.closeSync();
  }
}
