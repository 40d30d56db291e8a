import { Module } from '@nestjs/common';
import { BackupCommand } from './commands/backup.command';
import { ChartCommand } from './commands/chart.command';
import { ExportCommand } from './commands/export.command';
import { GenerateCommand } from './commands/generate.command';
import { ImportCommand } from './commands/import.command';
import { QueryCommand } from './commands/query.command';
import { RebuildCommand } from './commands/rebuild.command';
import { ReportCommand } from './commands/report.command';
import { RestoreCommand } from './commands/restore.command';
import { SqlCommand } from './commands/sql.command';
import { StatsCommand } from './commands/stats.command';
import { VerifyCommand } from './commands/verify.command';

@Module({
  providers: [
    GenerateCommand,
    ImportCommand,
    ExportCommand,
    SqlCommand,
    StatsCommand,
    ChartCommand,
    ReportCommand,
    QueryCommand,
    RebuildCommand,
    BackupCommand,
    RestoreCommand,
    VerifyCommand,
  ],
})
export class CliModule {}
