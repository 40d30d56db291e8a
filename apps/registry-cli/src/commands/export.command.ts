import { Command, Option } from 'nest-commander';
import { exportLegacy } from '../legacy/export-legacy';
import { DisclosingCommand, type DisclosingOptions, oneOf } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';
import { logDisclosure } from '../shared/disclosure';
import { loadRegisterDb } from '../shared/load-db';
import { type CliRole, resolveRole } from '../shared/role';
import { VIEW_NAMES, type ViewName } from '../sql/disclosed-views';
import { DisclosureSession } from '../sql/disclosure-session';
import { type ExportFormat, exportViews } from '../sql/export-views';

const WHAT = [...VIEW_NAMES, 'all', 'legacy'] as const;

interface ExportOptions extends DisclosingOptions {
  format?: ExportFormat;
  out?: string;
  role?: CliRole;
}

@Command({
  name: 'export',
  arguments: '<what>',
  description:
    'write a view (links, contracts, doctor_periods, persons, waiting), all of them, or the legacy CSV ' +
    'extract (admin) to files; analysts get pseudonyms and months (R48), every export is logged',
  argsDescription: { what: WHAT.join(' | ') },
})
export class ExportCommand extends DisclosingCommand<ExportOptions> {
  async execute([whatArg]: string[], options: ExportOptions): Promise<void> {
    const what = oneOf('<what>', whatArg ?? '', WHAT);
    if (!options.out) throw new UsageError('export needs --out (a file, or a folder for "all" and "legacy")');
    if (!options.purpose) throw new UsageError('export needs --purpose (written to the disclosure log, R48)');
    const role = resolveRole(options.role);
    if (what === 'legacy' && role !== 'admin') {
      throw new UsageError(
        "export legacy holds identity numbers: it is the admin role's export (--role admin)",
      );
    }
    const location = this.location(options);
    const db = await loadRegisterDb(location);
    try {
      if (what === 'legacy') {
        const rows = await exportLegacy(db, options.out);
        logDisclosure(location.dataDir, {
          kind: 'export legacy',
          purpose: options.purpose,
          role,
          rows,
          secretFingerprint: null,
          output: options.out,
        });
        process.stdout.write(`wrote the legacy extract (${rows} rows) to ${options.out}\n`);
        return;
      }
      const format = options.format ?? 'parquet';
      const session = await DisclosureSession.open(db, { role, secret: options.secret });
      const views: ViewName[] = what === 'all' ? [...VIEW_NAMES] : [what];
      let total = 0;
      for (const { view, file, rows } of await exportViews(
        db,
        session,
        views,
        options.out,
        format,
        what === 'all',
      )) {
        total += rows;
        process.stdout.write(`${view}: ${rows} rows -> ${file}\n`);
      }
      logDisclosure(location.dataDir, {
        kind: `export ${what} ${format}`,
        purpose: options.purpose,
        role,
        rows: total,
        secretFingerprint: session.secretFingerprint,
        output: options.out,
      });
    } finally {
      db.close();
    }
  }

  @Option({ flags: '-f, --format <format>', description: 'parquet (default) or csv' })
  parseFormat(value: string): ExportFormat {
    return oneOf('--format', value, ['parquet', 'csv']);
  }

  @Option({ flags: '-o, --out <path>', description: 'output file (a folder for "all" and "legacy")' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--role <role>',
    description: 'analyst (default) or admin (NINs and exact dates; needs FLR_TOKEN when FLR_TOKENS is set)',
  })
  parseRole(value: string): CliRole {
    return oneOf('--role', value, ['analyst', 'admin']);
  }
}
