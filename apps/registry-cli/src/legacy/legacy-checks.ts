/**
 * What history must satisfy across rows and files, as SQL over the loaded tables. Each check adds
 * (file, line, field, reason) rows to `rejects`; checks run again until nothing new is rejected, so a
 * rejected person also rejects the periods that name it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { REJECTS_TABLE } from './load-legacy';

const TABLES: Record<string, string> = {
  persons: 'persons.csv',
  moves: 'moves.csv',
  gps: 'gps.csv',
  contracts: 'contracts.csv',
  doctor_periods: 'doctor_periods.csv',
  patient_periods: 'patient_periods.csv',
  waiting: 'waiting.csv',
};

/** `a_<name>`: the rows of l_<name> not rejected so far. */
export const ACCEPTED_VIEWS = Object.entries(TABLES).map(
  ([name, file]) =>
    `CREATE VIEW a_${name} AS SELECT * FROM l_${name} WHERE line NOT IN (SELECT line FROM ${REJECTS_TABLE} WHERE file = '${file}')`,
);

interface CrossCheck {
  readonly table: keyof typeof TABLES;
  readonly field: string;
  /** SQL giving `line` and `reason` of the offending accepted rows of a_<table> (aliased t). */
  readonly sql: string;
}

const pair = (table: string, a: string, b: string): CrossCheck => ({
  table,
  field: b,
  sql: `SELECT line, '${b} must be given exactly when ${a} is' AS reason FROM a_${table} t
        WHERE (t.${a} IS NULL) <> (t.${b} IS NULL)`,
});
const duplicate = (table: string, key: string, what: string): CrossCheck => ({
  table,
  field: key,
  sql: `SELECT line, '${what} is already on line ' || first_line AS reason FROM (
          SELECT line, min(line) OVER (PARTITION BY ${key}) AS first_line FROM a_${table}) WHERE line > first_line`,
});
const knownPerson = (table: string): CrossCheck => ({
  table,
  field: 'nin',
  sql: `SELECT t.line, 'no accepted person with this identity number in persons.csv' AS reason
        FROM a_${table} t ANTI JOIN a_persons p ON p.nin = t.nin`,
});
const knownContract = (table: string): CrossCheck => ({
  table,
  field: 'contract_id',
  sql: `SELECT t.line, 'no accepted contract with this id in contracts.csv' AS reason
        FROM a_${table} t ANTI JOIN a_contracts c ON c.contract_id = t.contract_id`,
});
const afterPerson = (table: string): CrossCheck => ({
  table,
  field: 'registered_at',
  sql: `SELECT t.line, 'registered before the person was (persons.csv line ' || p.line || ')' AS reason
        FROM a_${table} t JOIN a_persons p ON p.nin = t.nin
        WHERE CAST(t.registered_at AS TIMESTAMPTZ) < CAST(p.registered_at AS TIMESTAMPTZ)`,
});

export const CROSS_CHECKS: readonly CrossCheck[] = [
  duplicate('persons', 'nin', 'the identity number'),
  pair('persons', 'died_on', 'died_registered_at'),
  pair('persons', 'emigrated_on', 'emigrated_registered_at'),
  pair('persons', 'opted_out_on', 'opted_out_registered_at'),
  {
    table: 'persons',
    field: 'died_on',
    sql: `SELECT line, 'before the birth date' AS reason FROM a_persons WHERE died_on < birth_date`,
  },
  knownPerson('moves'),
  afterPerson('moves'),
  duplicate('gps', 'hpr', 'the HPR number'),
  duplicate('contracts', 'contract_id', 'the contract id'),
  {
    table: 'contracts',
    field: 'contract_id',
    sql: `SELECT line, 'only letters, digits and . _ : - (at most 100)' AS reason FROM a_contracts
          WHERE NOT regexp_full_match(contract_id, '[A-Za-z0-9._:-]{1,100}')`,
  },
  pair('contracts', 'canceled_from', 'canceled_registered_at'),
  duplicate('doctor_periods', 'period_id', 'the period id'),
  knownContract('doctor_periods'),
  {
    table: 'doctor_periods',
    field: 'hpr',
    sql: `SELECT t.line, 'no accepted GP with this HPR number in gps.csv' AS reason
          FROM a_doctor_periods t ANTI JOIN a_gps g ON g.hpr = t.hpr`,
  },
  {
    table: 'doctor_periods',
    field: 'from',
    sql: `SELECT t.line, 'before the contract starts (' || c.valid_from || ')' AS reason
          FROM a_doctor_periods t JOIN a_contracts c USING (contract_id) WHERE t."from" < c.valid_from`,
  },
  {
    table: 'doctor_periods',
    field: 'to',
    sql: `SELECT t.line, 'after the contract ends (' || c.canceled_from || ')' AS reason
          FROM a_doctor_periods t JOIN a_contracts c USING (contract_id)
          WHERE c.canceled_from IS NOT NULL AND (t."to" IS NULL OR t."to" > c.canceled_from)`,
  },
  {
    table: 'doctor_periods',
    field: 'registered_at',
    sql: `SELECT t.line, 'registered before the contract was' AS reason
          FROM a_doctor_periods t JOIN a_contracts c USING (contract_id)
          WHERE CAST(t.registered_at AS TIMESTAMPTZ) < CAST(c.registered_at AS TIMESTAMPTZ)`,
  },
  knownPerson('patient_periods'),
  knownContract('patient_periods'),
  afterPerson('patient_periods'),
  pair('patient_periods', 'to', 'end_reason'),
  pair('patient_periods', 'to', 'end_registered_at'),
  {
    table: 'patient_periods',
    field: 'end_registered_at',
    sql: `SELECT line, 'before registered_at' AS reason FROM a_patient_periods
          WHERE CAST(end_registered_at AS TIMESTAMPTZ) < CAST(registered_at AS TIMESTAMPTZ)`,
  },
  // DTO: "Kastes hvis perioder er overlappende" — a person's periods never overlap (half-open).
  {
    table: 'patient_periods',
    field: 'from',
    sql: `SELECT line, 'overlaps the period on line ' || prev_line AS reason FROM (
            SELECT line, "from", lag("to") OVER w AS prev_to, lag(line) OVER w AS prev_line,
                   lag(line) OVER w IS NOT NULL AS has_prev
            FROM a_patient_periods WINDOW w AS (PARTITION BY nin ORDER BY "from", line))
          WHERE has_prev AND (prev_to IS NULL OR prev_to > "from")`,
  },
  knownPerson('waiting'),
  knownContract('waiting'),
  afterPerson('waiting'),
  pair('waiting', 'left_on', 'leave_reason'),
  pair('waiting', 'left_on', 'left_registered_at'),
];

/** Runs the cross checks until no check rejects anything new; returns the rejects in total. */
export async function runCrossChecks(connection: DuckDBConnection): Promise<number> {
  for (const view of ACCEPTED_VIEWS) await connection.run(view);
  for (let round = 0; round < 10; round++) {
    let added = 0;
    for (const check of CROSS_CHECKS) {
      const reader = await connection.runAndReadAll(
        `INSERT INTO ${REJECTS_TABLE} SELECT DISTINCT '${TABLES[check.table]}', line, '${check.field}', reason
         FROM (${check.sql})`,
      );
      added += Number(reader.getRowsJson()[0]?.[0] ?? 0);
    }
    if (added === 0) break;
  }
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${REJECTS_TABLE}`);
  return Number(reader.getRowsJson()[0][0]);
}
