import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController, AuditLog, AuditReadsInterceptor } from './audit';
import { NoStoreInterceptor } from './no-store.interceptor';
import { Pseudonyms } from './pseudonyms';

/** Pseudonyms, the read audit and response headers (docs/security.md). */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    Pseudonyms,
    AuditLog,
    { provide: APP_INTERCEPTOR, useClass: NoStoreInterceptor },
    { provide: APP_INTERCEPTOR, useClass: AuditReadsInterceptor },
  ],
  exports: [Pseudonyms, AuditLog],
})
export class SecurityModule {}
