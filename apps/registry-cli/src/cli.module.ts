import { Module } from '@nestjs/common';
import { GenerateCommand } from './commands/generate.command';
import { SqlCommand } from './commands/sql.command';

@Module({ providers: [GenerateCommand, SqlCommand] })
export class CliModule {}
