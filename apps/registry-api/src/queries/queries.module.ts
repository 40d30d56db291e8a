import { Module } from '@nestjs/common';
import { ProjectionsAdminController } from './admin.controller';
import { ContractsQueryController } from './contracts.controller';
import { DirectoryQueryController } from './directory.controller';
import { EventsController } from './events.controller';
import { MunicipalityMoneyController } from './municipality-money.controller';
import { PersonViewController } from './person-view.controller';
import { PersonsQueryController } from './persons.controller';
import { ReadSide } from './read-side';

/**
 * Read side HTTP: the queries of API.md over the projections' read models (registered into the
 * runtime by the InfrastructureModule from `allProjections`), the public event feed and the
 * projection admin endpoints.
 */
@Module({
  controllers: [
    PersonsQueryController,
    PersonViewController,
    MunicipalityMoneyController,
    ContractsQueryController,
    DirectoryQueryController,
    EventsController,
    ProjectionsAdminController,
  ],
  providers: [ReadSide],
  exports: [ReadSide],
})
export class QueriesModule {}
