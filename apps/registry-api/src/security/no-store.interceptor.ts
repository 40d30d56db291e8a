import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';

interface HeaderTarget {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

/**
 * `Cache-Control: no-store` on every API answer: they carry person data or register state that no
 * proxy or browser may keep. Works on Express (`setHeader`) and Fastify (`header`).
 */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<HeaderTarget>();
    if (typeof res.header === 'function') res.header('Cache-Control', 'no-store');
    else res.setHeader?.('Cache-Control', 'no-store');
    return next.handle();
  }
}
