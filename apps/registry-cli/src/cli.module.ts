import { Module } from '@nestjs/common';
import { ExportCommand } from './commands/export.command';
import { GenerateCommand } from './commands/generate.command';
import { ImportCommand } from './commands/import.command';
import { SqlCommand } from './commands/sql.command';

@Module({ providers: [GenerateCommand, ImportCommand, ExportCommand, SqlCommand] })
export class CliModule {}
