import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RegisterDb } from '../register/register-db';
import type { ViewName } from './disclosed-views';
import type { DisclosureSession } from './disclosure-session';

export type ExportFormat = 'parquet' | 'csv';

/**
 * Writes disclosed views with DuckDB's COPY (it streams to the file). One view goes to `out` itself;
 * several go to `out/<view>.<format>`. Returns the rows written per view.
 */
export async function exportViews(
  db: RegisterDb,
  session: DisclosureSession,
  views: readonly ViewName[],
  out: string,
  format: ExportFormat,
  several = views.length > 1,
): Promise<{ view: ViewName; file: string; rows: number }[]> {
  const written = [];
  for (const view of views) {
    const file = several ? join(out, `${view}.${format}`) : out;
    mkdirSync(dirname(file), { recursive: true });
    const target = file.replace(/'/g, "''");
    const how = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true';
    const reader = await db.connection.runAndReadAll(
      `COPY (${session.select(view)}) TO '${target}' (${how})`,
    );
    written.push({ view, file, rows: Number(reader.getRowsJson()[0]?.[0] ?? 0) });
  }
  return written;
}
