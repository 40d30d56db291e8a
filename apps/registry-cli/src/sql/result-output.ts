import type { DuckDBResult } from '@duckdb/node-api';

/** Integer types DuckDB gives counts and sums (count(*) is BIGINT, sum(INTEGER) is HUGEINT). */
const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]);
/** The views' own integer columns: values, not counts of people. */
const VALUE_COLUMNS = new Set(['max_patients', 'working_percentage']);
export const SUPPRESSED = '<5';

export type OutputFormat = 'table' | 'csv' | 'json';

/**
 * R48 small cells: in an analyst's result every integer column is taken for a count unless it is one
 * of the views' value columns; values 1–4 are printed as `<5`. A guard for honest queries, not a
 * proof against a determined one: the disclosure log keeps the query text for audit.
 */
export function suppressSmallCells(columns: readonly string[], types: readonly string[], minCell: number) {
  const counted = columns.map((name, i) => INTEGER_TYPES.has(types[i]) && !VALUE_COLUMNS.has(name));
  return (row: unknown[]): { row: unknown[]; suppressed: number } => {
    let suppressed = 0;
    const out = row.map((value, i) => {
      if (!counted[i] || value === null) return value;
      const n = Number(value);
      if (n > 0 && n < minCell) {
        suppressed++;
        return SUPPRESSED;
      }
      return value;
    });
    return { row: out, suppressed };
  };
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/** A fixed-width text table; numbers right-aligned. */
export function textTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const numeric = columns.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every(
        (r) => r[i] === null || typeof r[i] === 'number' || /^-?\d+(\.\d+)?$|^<5$/.test(String(r[i])),
      ),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}

/**
 * Streams a result chunk by chunk to `write` (CSV and JSON lines never hold the whole result; the
 * table format holds at most `tableLimit` rows and says when it stopped).
 */
export async function writeResult(
  result: DuckDBResult,
  format: OutputFormat,
  write: (text: string) => void,
  minCell: number,
  tableLimit = 1000,
): Promise<{ rows: number; suppressed: number }> {
  const columns = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  const suppress = suppressSmallCells(columns, types, minCell);
  let rows = 0;
  let suppressed = 0;
  const table: unknown[][] = [];
  if (format === 'csv') write(csvLine(columns));
  for await (const chunk of result.yieldRowsJson()) {
    for (const raw of chunk) {
      const { row, suppressed: n } = suppress(raw as unknown[]);
      suppressed += n;
      rows++;
      if (format === 'csv') write(csvLine(row));
      else if (format === 'json')
        write(`${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])))}\n`);
      else if (table.length < tableLimit) table.push(row);
    }
  }
  if (format === 'table') {
    write(textTable(columns, table));
    write(
      `(${rows} row${rows === 1 ? '' : 's'}${rows > table.length ? `, first ${table.length} shown; use --format csv for all` : ''})\n`,
    );
  }
  return { rows, suppressed };
}
