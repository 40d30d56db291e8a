import { csvLine } from '../sql/result-output';
import { FIGURES, type StatsRow } from './register-stats';

export function statsCsv(rows: readonly StatsRow[]): string {
  const columns = FIGURES.map(([name]) => name);
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => row[c]))).join('');
}

export function changesCsv(rows: readonly StatsRow[]): string {
  const columns = ['year', 'voluntary_changes', 'counted_toward_limit'];
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => row[c]))).join('');
}
