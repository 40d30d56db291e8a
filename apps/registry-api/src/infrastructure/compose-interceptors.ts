import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { defer, from, mergeAll, type Observable } from 'rxjs';

/**
 * Several interceptors as one, the first outermost: what registering them one after another as
 * global interceptors does, with one layer of Nest's per-interceptor wrapping (an async function,
 * an async resource, `defer` and `mergeAll` on every request) instead of one per interceptor.
 * Each inner chain is still entered lazily, when the outer one subscribes to `next.handle()`, so
 * an error thrown by an inner interceptor reaches the outer ones' operators as before.
 */
export function composeInterceptors(...interceptors: readonly NestInterceptor[]): NestInterceptor {
  return {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const handlerAt = (i: number): CallHandler =>
        i === interceptors.length
          ? next
          : {
              handle: () =>
                defer(() => {
                  const out = interceptors[i]!.intercept(context, handlerAt(i + 1));
                  return out instanceof Promise ? from(out).pipe(mergeAll()) : out;
                }),
            };
      return handlerAt(0).handle();
    },
  };
}
