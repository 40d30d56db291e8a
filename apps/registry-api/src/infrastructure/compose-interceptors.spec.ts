import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { catchError, lastValueFrom, map, Observable, of, throwError } from 'rxjs';
import { composeInterceptors } from './compose-interceptors';

const context = {} as ExecutionContext;

describe('composeInterceptors', () => {
  it('runs the interceptors in order, the first outermost, around the handler', async () => {
    const calls: string[] = [];
    const tagging = (name: string): NestInterceptor => ({
      intercept: (_c, next) => {
        calls.push(`enter ${name}`);
        return next.handle().pipe(map((v) => `${name}(${v})`));
      },
    });
    const handler: CallHandler = {
      handle: () => {
        calls.push('handler');
        return of('answer');
      },
    };
    const out = composeInterceptors(tagging('a'), tagging('b'), tagging('c')).intercept(context, handler);
    // Nothing runs before the chain is subscribed, as with Nest's own chain.
    expect(calls).toEqual([]);
    expect(await lastValueFrom(out as Observable<string>)).toBe('a(b(c(answer)))');
    expect(calls).toEqual(['enter a', 'enter b', 'enter c', 'handler']);
  });

  it('hands an error thrown by an inner interceptor to the outer ones, and accepts async interceptors', async () => {
    const throwing: NestInterceptor = {
      intercept: () => {
        throw new Error('refused inside');
      },
    };
    const asyncOne: NestInterceptor = { intercept: async (_c, next) => next.handle() };
    const catching: NestInterceptor = {
      intercept: (_c, next) =>
        next.handle().pipe(catchError((e: Error) => throwError(() => new Error(`seen: ${e.message}`)))),
    };
    const handler: CallHandler = { handle: () => of('never') };
    await expect(
      lastValueFrom(
        composeInterceptors(catching, asyncOne, throwing).intercept(context, handler) as Observable<unknown>,
      ),
    ).rejects.toThrow('seen: refused inside');
  });
});
