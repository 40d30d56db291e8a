import { resolve } from 'node:path';
import { parseRegisterRules } from '@flr/domain';
import { Command, Option } from 'nest-commander';
import { importLegacy } from '../legacy/import-legacy';
import { type BaseOptions, RegisterCommand } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';
import { Progress } from '../shared/progress';
import { openRegisterForWriting } from '../shared/register-store';

interface ImportOptions extends BaseOptions {
  skipRejected?: boolean;
  report?: string;
  allowSyntheticNins?: boolean;
}

export class ImportRejectedError extends Error {}

@Command({
  name: 'import',
  arguments: '<folder>',
  description:
    'import a legacy extract (CSV files, docs/legacy-import.md) as history with its original registration ' +
    'times; all or nothing unless --skip-rejected; rerunning an interrupted import completes it',
  argsDescription: { folder: 'the folder holding persons.csv, contracts.csv, patient_periods.csv, ...' },
})
export class ImportCommand extends RegisterCommand<ImportOptions> {
  async execute([folder]: string[], options: ImportOptions): Promise<void> {
    if (!folder) throw new UsageError('import needs the folder of the extract');
    const rules = parseRegisterRules(process.env);
    const reportPath = resolve(options.report ?? 'legacy-rejected.csv');
    const location = this.location(options);
    const progress = new Progress('import', 0);
    try {
      const outcome = await importLegacy(resolve(folder), () => openRegisterForWriting(location), {
        ninPolicy: {
          allowSynthetic: options.allowSyntheticNins ?? rules.allowSyntheticNins,
          rule2032: rules.nin2032,
        },
        skipRejected: options.skipRejected ?? false,
        reportPath,
        onProgress: (appended, total) => {
          progress.setTotal(total);
          progress.update(appended);
        },
      });
      progress.stop();
      if (outcome.rejected > 0) {
        process.stderr.write(
          `${outcome.rejected} rejected row(s): see ${reportPath} (file, line, field, reason)\n`,
        );
      }
      if (!outcome.imported) {
        throw new ImportRejectedError(
          'nothing was imported: the extract has rejected rows (fix them, or import the rest with --skip-rejected)',
        );
      }
      process.stdout.write(
        `imported ${outcome.events} events (${outcome.appended} appended by this run, the rest were already there)\n`,
      );
    } finally {
      progress.stop();
    }
  }

  @Option({
    flags: '--skip-rejected',
    description: 'import the accepted rows even when some rows are rejected',
  })
  parseSkip(): boolean {
    return true;
  }

  @Option({
    flags: '--report <file>',
    description: 'where to write the rejected rows (default ./legacy-rejected.csv)',
  })
  parseReport(value: string): string {
    return value;
  }

  @Option({
    flags: '--allow-synthetic-nins',
    description: 'accept synthetic test numbers (month + 80), as FLR_RULE_ALLOW_SYNTHETIC_NINS=true',
  })
  parseSynthetic(): boolean {
    return true;
  }
}
