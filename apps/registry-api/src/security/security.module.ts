import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { composeInterceptors } from '../infrastructure/compose-interceptors';
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
    MetricsInterceptor,
    NoStoreInterceptor,
    AuditReadsInterceptor,
    // One global interceptor running the three in this order (metrics outermost).
    {
      provide: APP_INTERCEPTOR,
      useFactory: composeInterceptors,
      inject: [MetricsInterceptor, NoStoreInterceptor, AuditReadsInterceptor],
    },
  ],
  exports: [Pseudonyms, AuditLog, Metrics],
})
export class SecurityModule {}
