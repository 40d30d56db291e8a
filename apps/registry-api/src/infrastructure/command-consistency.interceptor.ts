import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { from, type Observable, switchMap } from 'rxjs';
import { APP_CONFIG, type AppConfig, PROJECTION_RUNTIME } from '@flr/application';
import type { ProjectionRuntime } from '@flr/projection-runtime';

/**
 * When this process runs the projections, a command's answer waits (bounded) until the read models
 * include its position, so a query right after an accepted command sees it even without X-Min-Position.
 */
@Injectable()
export class CommandConsistencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string }>();
    if (request.method === 'GET' || !this.config.runProjections) return next.handle();
    return next.handle().pipe(
      switchMap((body: unknown) => {
        const position = (body as { position?: unknown } | null)?.position;
        if (typeof position !== 'string' || !/^\d+$/.test(position)) return from([body]);
        return from(this.runtime.waitFor(BigInt(position), this.config.minPositionWaitMs).then(() => body));
      }),
    );
  }
}
