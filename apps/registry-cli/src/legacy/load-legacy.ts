import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TableWriter } from '../sql/table-writer';
import { CsvSyntaxError, readCsv } from './csv';
import type { FileSpec, Row } from './format';

export const REJECTS_TABLE = 'rejects';

/**
 * Reads every file of the extract into its table (`line` + the fields, empty = NULL), checking each
 * field; a row with a rejected field is recorded in `rejects` (file, line, field, reason) and not
 * loaded. Streams: one row at a time goes from the file to DuckDB.
 */
export async function loadLegacyFiles(
  connection: DuckDBConnection,
  folder: string,
  specs: readonly FileSpec[],
): Promise<void> {
  const rejects = await TableWriter.open(connection, REJECTS_TABLE, [
    ['file', 'VARCHAR'],
    ['line', 'INTEGER'],
    ['field', 'VARCHAR'],
    ['reason', 'VARCHAR'],
  ]);
  try {
    for (const spec of specs) {
      const columns = [['line', 'INTEGER'] as const, ...spec.fields.map((f) => [f.name, 'VARCHAR'] as const)];
      const table = await TableWriter.open(connection, spec.table, columns);
      try {
        const path = join(folder, spec.file);
        if (!existsSync(path)) {
          if (spec.requiredFile) rejects.row([spec.file, 0, '', 'the file is missing']);
          continue;
        }
        await loadFile(path, spec, table, (line, field, reason) =>
          rejects.row([spec.file, line, field, reason]),
        );
      } finally {
        table.close();
      }
    }
  } finally {
    rejects.close();
  }
}

async function loadFile(
  path: string,
  spec: FileSpec,
  table: TableWriter,
  reject: (line: number, field: string, reason: string) => void,
): Promise<void> {
  let header: string[] | null = null;
  try {
    for await (const record of readCsv(path)) {
      if (header === null) {
        header = record.fields.map((h) => h.trim());
        const missing = spec.fields.filter((f) => !header!.includes(f.name)).map((f) => f.name);
        const unknown = header.filter((h) => !spec.fields.some((f) => f.name === h));
        if (missing.length > 0 || unknown.length > 0) {
          reject(1, '', `header: missing ${missing.join(' ') || '-'}; unknown ${unknown.join(' ') || '-'}`);
          return;
        }
        continue;
      }
      if (record.fields.length === 1 && record.fields[0] === '') continue; // a blank line
      if (record.fields.length !== header.length) {
        reject(record.line, '', `${record.fields.length} fields, the header has ${header.length}`);
        continue;
      }
      const row: Row = {};
      header.forEach((name, i) => {
        row[name] = record.fields[i];
      });
      let ok = true;
      for (const field of spec.fields) {
        const value = row[field.name];
        const reason =
          value === '' ? (field.required ? 'required' : null) : (field.check?.(value, row) ?? null);
        if (reason) {
          reject(record.line, field.name, reason);
          ok = false;
        }
      }
      if (ok) table.row([record.line, ...spec.fields.map((f) => (row[f.name] === '' ? null : row[f.name]))]);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) reject(error.line, '', `CSV syntax: ${error.message}`);
    else throw error;
  }
  if (header === null) reject(1, '', 'the file is empty (no header)');
}

/** The import's identity: a hash of the files' contents (a rerun of the same files is the same import). */
export async function importIdOf(folder: string, specs: readonly FileSpec[]): Promise<string> {
  const hash = createHash('sha256');
  for (const spec of specs) {
    const path = join(folder, spec.file);
    hash.update(`\n${spec.file}\n`);
    if (!existsSync(path)) continue;
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex').slice(0, 32);
}
