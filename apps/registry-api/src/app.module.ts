import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandsModule } from './commands/commands.module';
import { HealthController } from './health.controller';
import { InfrastructureModule } from './infrastructure';
import { QueriesModule } from './queries/queries.module';
import { WriterLeaseModule } from './replicas/writer-lease.module';
import { SecurityModule } from './security/security.module';

@Module({
  imports: [
    CqrsModule.forRoot(),
    InfrastructureModule,
    SecurityModule,
    CommandsModule,
    QueriesModule,
    WriterLeaseModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
