import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RegisterDb } from '../register/register-db';

/**
 * The register as a legacy extract (docs/legacy-import.md): the admin role's export, with NINs and
 * exact dates. Importing it into an empty register gives the same tables (the round-trip test).
 */
const FILES: Record<string, string> = {
  // The last emigration, also one the person came back from: a later move in moves.csv is the return.
  'persons.csv': `SELECT nin, nin_kind, birth_date, sex, first_municipality AS municipality, household_id, entitlement,
      registered_on, p.registered_at, died_on, died_registered_at, e.emigrated_on, e.emigrated_registered_at,
      opted_out_on, opted_out_registered_at
    FROM x_persons p LEFT JOIN (
      SELECT person_id, arg_max(emigrated_on, pos) AS emigrated_on, arg_max(registered_at, pos) AS emigrated_registered_at
      FROM x_emigrations GROUP BY person_id) e USING (person_id)
    ORDER BY CAST(p.registered_at AS TIMESTAMPTZ), nin`,
  'moves.csv': `SELECT p.nin, m.moved_on, m.from_municipality, m.municipality, m.registered_at
    FROM x_moves m JOIN x_persons p USING (person_id) ORDER BY m.pos`,
  'gps.csv': `SELECT hpr, name, birth_date, sex, specialist, registered_at FROM x_gps ORDER BY hpr`,
  'contracts.csv': `SELECT contract_id, municipality, office_org_no, max_patients, valid_from, canceled_from, end_reason,
      common_list, fixed_salary, status, registered_at, canceled_registered_at
    FROM x_contracts ORDER BY CAST(registered_at AS TIMESTAMPTZ), contract_id`,
  'doctor_periods.csv': `SELECT period_id, contract_id, hpr, relationship, from_date AS "from", to_date AS "to",
      substitute_for_hpr, working_percentage, registered_at
    FROM x_doctor_periods ORDER BY CAST(registered_at AS TIMESTAMPTZ), period_id`,
  'patient_periods.csv': `SELECT p.nin, l.contract_id, l.from_date AS "from", l.to_date AS "to", l.begin_reason, l.end_reason,
      l.counts_toward_limit, l.registered_at, l.end_registered_at
    FROM x_links l JOIN x_persons p USING (person_id) ORDER BY l.pos`,
  'waiting.csv': `SELECT p.nin, w.contract_id, w.joined_at, w.requested_by, w.left_on, w.leave_reason, w.registered_at,
      w.left_registered_at
    FROM x_waiting w JOIN x_persons p USING (person_id) ORDER BY CAST(w.registered_at AS TIMESTAMPTZ), p.nin`,
};

/** Writes the extract's files into `folder`; returns the rows written. */
export async function exportLegacy(db: RegisterDb, folder: string): Promise<number> {
  mkdirSync(folder, { recursive: true });
  let rows = 0;
  for (const [file, select] of Object.entries(FILES)) {
    const target = join(folder, file).replace(/'/g, "''");
    const reader = await db.connection.runAndReadAll(`COPY (${select}) TO '${target}' (HEADER, FORMAT csv)`);
    rows += Number(reader.getRowsJson()[0]?.[0] ?? 0);
  }
  return rows;
}
