import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthController } from './health.controller';

@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [HealthController],
})
export class AppModule {}
