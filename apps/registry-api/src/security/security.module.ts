import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController, AuditLog, AuditReadsInterceptor } from './audit';
import { Metrics, MetricsController, MetricsInterceptor } from './metrics';
import { NoStoreInterceptor } from './no-store.interceptor';
import { Pseudonyms } from './pseudonyms';

/** Pseudonyms, the read audit, metrics and response headers (docs/security.md). */
@Global()
@Module({
  controllers: [AuditController, MetricsController],
  providers: [
    Pseudonyms,
    AuditLog,
    Metrics,
    { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
    { provide: APP_INTERCEPTOR, useClass: NoStoreInterceptor },
    { provide: APP_INTERCEPTOR, useClass: AuditReadsInterceptor },
  ],
  exports: [Pseudonyms, AuditLog, Metrics],
})
export class SecurityModule {}
