import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { from, type Observable, switchMap } from 'rxjs';
import { APP_CONFIG, type AppConfig, PROJECTION_RUNTIME } from '@flr/application';
import { InvalidInput } from '@flr/domain';
import type { ProjectionRuntime } from '@flr/projection-runtime';

/** Read-your-writes: a request with `X-Min-Position` is answered only once the read models reached it. */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const raw = request.headers['x-min-position'];
    if (raw === undefined || raw === '') return next.handle();
    // A command's position (digits), or a feed event's (`P.i`, the i-th public event source event P
    // caused): the read models have it once they reached P.
    const position = /^(\d{1,30})(?:\.\d{1,6})?$/.exec(raw)?.[1];
    if (position === undefined) {
      throw new InvalidInput('INVALID_INPUT', [
        {
          field: 'X-Min-Position',
          message: 'must be a log position (digits), or a feed position (digits.digits)',
        },
      ]);
    }
    return from(this.runtime.waitFor(BigInt(position), this.config.minPositionWaitMs)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new ServiceUnavailableException({
            code: 'NOT_CAUGHT_UP',
            message: `Read models have not reached position ${raw} within ${this.config.minPositionWaitMs} ms`,
          });
        }
        return next.handle();
      }),
    );
  }
}
