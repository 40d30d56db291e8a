import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Cell, type Columns, createTableSql } from './table-writer';

const FLUSH_CHARS = 1 << 20;

function cell(value: Cell): string {
  if (value === null || value === undefined) return ''; // unquoted empty = NULL
  if (typeof value !== 'string') return String(value);
  if (value === '') return '""';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Bulk loading through a CSV file: the process writes rows as text in 1 MiB pieces and DuckDB's
 * parallel CSV reader loads the file on close. Measured about three times faster than DuckDB's
 * appender called value by value from JavaScript, with the same bounded memory.
 */
export class CsvStagingWriter {
  private buffer = '';
  private rows = 0;
  private readonly fd: number;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly table: string,
    private readonly file: string,
  ) {
    this.fd = openSync(file, 'w');
  }

  static async open(
    connection: DuckDBConnection,
    table: string,
    columns: Columns,
    file: string,
  ): Promise<CsvStagingWriter> {
    await connection.run(createTableSql(table, columns));
    return new CsvStagingWriter(connection, table, file);
  }

  row(values: readonly Cell[]): void {
    let line = cell(values[0]);
    for (let i = 1; i < values.length; i++) line += `,${cell(values[i])}`;
    this.buffer += `${line}\n`;
    this.rows++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  /** Loads the staged rows into the table and removes the file. */
  async close(): Promise<void> {
    this.flush();
    closeSync(this.fd);
    try {
      if (this.rows === 0) return;
      await this.connection.run(
        `COPY ${this.table} FROM '${this.file.replace(/'/g, "''")}' ` +
          `(FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', AUTO_DETECT false, ALLOW_QUOTED_NULLS false)`,
      );
    } finally {
      rmSync(this.file, { force: true });
    }
  }

  /** Drops the staged file without loading it (after a failure). */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }
}
