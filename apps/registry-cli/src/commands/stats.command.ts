import { writeFileSync } from 'node:fs';
import { Command, Option } from 'nest-commander';
import { logDisclosure } from '../shared/disclosure';
import { minCellOf, smallCellOverride } from '../shared/small-cells';
import { loadRegisterDb } from '../shared/load-db';
import { textTable } from '../sql/result-output';
import { FIGURES, registerStats } from '../stats/register-stats';
import { changesCsv, statsCsv } from '../stats/stats-csv';
import { type StatsOptions, StatsRangeCommand } from '../stats/stats-options';

interface StatsCommandOptions extends StatsOptions {
  csv?: string;
}

/** Short headers for the terminal table; the CSV keeps the full column names. */
const SHORT: Record<string, string> = {
  date: 'date',
  lists: 'lists',
  lists_without_gp: 'no GP',
  residents: 'residents',
  listed_residents: 'listed',
  residents_on_lists_without_gp: 'on no-GP lists',
  residents_without_gp: 'without GP',
  unassigned: 'unassigned',
  avg_list_length: 'avg',
  avg_list_length_all: 'avg all',
  median_list_length: 'median',
  lists_up_to_500: '<=500',
  lists_501_1000: '501-1000',
  lists_1001_1400: '1001-1400',
  lists_over_1400: '>1400',
  waiting: 'waiting',
};

@Command({
  name: 'stats',
  description:
    "DOMAIN.md §6's figures at each date of a range (lists, lists without a GP, residents with and without a GP, " +
    'list lengths and bands, waiting lists, unassigned) and voluntary changes per year; a table, and CSV with --csv',
})
export class StatsCommand extends StatsRangeCommand<StatsCommandOptions> {
  async execute(_args: string[], options: StatsCommandOptions): Promise<void> {
    const range = this.range(options);
    const minCell = minCellOf(options);
    const location = this.location(options);
    const db = await loadRegisterDb(location);
    try {
      const stats = await registerStats(db, range, minCell);
      const columns = FIGURES.map(([name]) => name);
      process.stdout.write(
        textTable(
          columns.map((c) => SHORT[c]),
          stats.figures.map((row) => columns.map((c) => row[c])),
        ),
      );
      process.stdout.write('\nvoluntary changes per year\n');
      process.stdout.write(
        textTable(
          ['year', 'changes', 'counted'],
          stats.changes.map((r) => [r.year, r.voluntary_changes, r.counted_toward_limit]),
        ),
      );
      if (options.csv) {
        writeFileSync(options.csv, statsCsv(stats.figures));
        const changesFile = options.csv.replace(/(\.csv)?$/, '-changes.csv');
        writeFileSync(changesFile, changesCsv(stats.changes));
        process.stdout.write(`\nwrote ${options.csv} and ${changesFile}\n`);
      }
      logDisclosure(location.dataDir, {
        kind: 'stats',
        purpose: options.purpose ?? '(none given)',
        role: 'analyst',
        rows: stats.figures.length + stats.changes.length,
        secretFingerprint: null,
        output: options.csv ?? 'stdout',
        detail: JSON.stringify(range),
        smallCells: smallCellOverride(options),
      });
    } finally {
      db.close();
    }
  }

  @Option({
    flags: '--csv <file>',
    description: 'also write the figures as CSV (changes per year beside it)',
  })
  parseCsv(value: string): string {
    return value;
  }
}
