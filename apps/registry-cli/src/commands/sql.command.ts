import { Command, Option } from 'nest-commander';
import { DisclosingCommand, type DisclosingOptions, oneOf, positiveInteger } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';
import { logDisclosure } from '../shared/disclosure';
import { loadRegisterDb } from '../shared/load-db';
import {
  ALLOW_SMALL_CELLS,
  minCellOf,
  type SmallCellOptions,
  smallCellOverride,
  smallCellsReason,
} from '../shared/small-cells';
import { DisclosureSession } from '../sql/disclosure-session';
import { type OutputFormat, writeResult } from '../sql/result-output';

interface SqlOptions extends DisclosingOptions, SmallCellOptions {
  format?: OutputFormat;
}

@Command({
  name: 'sql',
  arguments: '<query>',
  description:
    'run one SQL query (DuckDB) over the views links, contracts, doctor_periods, persons, waiting; ' +
    'persons and GPs are pseudonyms, dates are months, counts under 5 print as <5 (R48)',
  argsDescription: { query: 'e.g. "select municipality, count(*) from persons group by all"' },
})
export class SqlCommand extends DisclosingCommand<SqlOptions> {
  async execute([query]: string[], options: SqlOptions): Promise<void> {
    if (!query?.trim()) throw new UsageError('sql needs a query');
    const minCell = minCellOf(options);
    const location = this.location(options);
    const db = await loadRegisterDb(location);
    try {
      const session = await DisclosureSession.open(db, { role: 'analyst', secret: options.secret });
      const sandbox = await session.sandbox();
      const connection = await sandbox.connect();
      try {
        const result = await connection.stream(query);
        const { rows, suppressed } = await writeResult(
          result,
          options.format ?? 'table',
          (text) => process.stdout.write(text),
          minCell,
        );
        logDisclosure(location.dataDir, {
          kind: 'sql',
          purpose: options.purpose ?? '(none given)',
          role: 'analyst',
          rows,
          secretFingerprint: session.secretFingerprint,
          output: 'stdout',
          detail: JSON.stringify({ query, suppressedCells: suppressed }),
          smallCells: smallCellOverride(options),
        });
      } finally {
        connection.closeSync();
        sandbox.closeSync();
      }
    } finally {
      db.close();
    }
  }

  @Option({ flags: '-f, --format <format>', description: 'table (default), csv or json (one object a line)' })
  parseFormat(value: string): OutputFormat {
    return oneOf('--format', value, ['table', 'csv', 'json']);
  }

  @Option({
    flags: '--min-cell <n>',
    description: 'smallest count shown (default 5, R48; below 5 only with --allow-small-cells)',
  })
  parseMinCell(value: string): number {
    return positiveInteger('--min-cell', value);
  }

  @Option(ALLOW_SMALL_CELLS)
  parseAllowSmallCells(value: string): string {
    return smallCellsReason(value);
  }
}
