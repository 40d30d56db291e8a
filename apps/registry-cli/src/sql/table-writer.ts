import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN';
export type Columns = readonly (readonly [name: string, type: ColumnType])[];
export type Cell = string | number | bigint | boolean | null;

/** CREATE TABLE for a column list (names are ours, never user input). */
export function createTableSql(table: string, columns: Columns): string {
  return `CREATE TABLE ${table} (${columns.map(([name, type]) => `"${name}" ${type}`).join(', ')})`;
}

/**
 * Appends rows to one DuckDB table through its appender, flushing every `flushEvery` rows so the
 * process holds one batch at a time, not the whole table.
 */
export class TableWriter {
  private pending = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly columns: Columns,
    private readonly flushEvery: number,
  ) {}

  static async open(
    connection: DuckDBConnection,
    table: string,
    columns: Columns,
    flushEvery = 50_000,
  ): Promise<TableWriter> {
    await connection.run(createTableSql(table, columns));
    return new TableWriter(await connection.createAppender(table), columns, flushEvery);
  }

  row(values: readonly Cell[]): void {
    for (let i = 0; i < this.columns.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) {
        this.appender.appendNull();
        continue;
      }
      switch (this.columns[i][1]) {
        case 'VARCHAR':
          this.appender.appendVarchar(String(value));
          break;
        case 'INTEGER':
          this.appender.appendInteger(Number(value));
          break;
        case 'BIGINT':
          this.appender.appendBigInt(BigInt(value));
          break;
        case 'BOOLEAN':
          this.appender.appendBoolean(Boolean(value));
          break;
      }
    }
    this.appender.endRow();
    if (++this.pending >= this.flushEvery) {
      this.appender.flushSync();
      this.pending = 0;
    }
  }

  close(): void {
    this.appender.flushSync();
    this.appender.closeSync();
  }
}
