/** Issue 13: rate limits per identity, a limit on failed authentications, request timeouts. */
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, NEVER, Observable, of } from 'rxjs';
import { loadConfig } from '@flr/application';
import { RequestTimeoutInterceptor } from '../infrastructure/limits';
import { type Register, startRegister } from '../../test/acceptance/harness';
import { startTestIssuer, type TestIssuer } from './oidc-test-issuer';

describe('rate limits', () => {
  let issuer: TestIssuer;
  let reg: Register;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    reg = await startRegister({
      ...issuer.env,
      FLR_RATE_LIMIT_PER_MINUTE: '20',
      FLR_AUTH_FAILURES_PER_MINUTE: '10',
    });
  });
  afterAll(async () => {
    await reg?.close();
    await issuer?.close();
  });

  it('limits each identity on its own: the 21st request in a minute is 429 RATE_LIMITED, others go on', async () => {
    const a = { authorization: `Bearer ${await issuer.token('busy-system', ['flr/analyst'])}` };
    const b = { authorization: `Bearer ${await issuer.token('quiet-system', ['flr/analyst'])}` };
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await reg.get('/v1/contracts', a)).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const limited = await reg.get('/v1/contracts', a);
    expect({ status: limited.status, code: limited.body?.code }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A fresh token of the same system is the same identity.
    const again = { authorization: `Bearer ${await issuer.token('busy-system', ['flr/analyst'])}` };
    expect((await reg.get('/v1/contracts', again)).status).toBe(429);
    expect((await reg.get('/v1/contracts', b)).status).toBe(200);
    expect((await reg.get('/health/live')).status).toBe(200);
  });

  it('answers a flood of bad tokens with 429 once over the limit, and still admits a valid token', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reg.get('/v1/contracts', { authorization: `Bearer bad-${i}` }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(190);
    const valid = { authorization: `Bearer ${await issuer.token('third-system', ['flr/analyst'])}` };
    expect((await reg.get('/v1/contracts', valid)).status).toBe(200);
  });
});

describe('request timeout', () => {
  const context = (url: string) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ url }) }) }) as unknown as ExecutionContext;
  const interceptor = new RequestTimeoutInterceptor(loadConfig({ FLR_REQUEST_TIMEOUT_MS: '100' }));

  it('answers 503 TIMEOUT when a handler does not answer in time', async () => {
    const never: CallHandler = { handle: () => NEVER };
    await expect(
      firstValueFrom(interceptor.intercept(context('/v1/contracts'), never)),
    ).rejects.toMatchObject({
      response: { code: 'TIMEOUT' },
      status: 503,
    });
  });

  it('stops the handler chain that missed its deadline, and stops its timer once answered', async () => {
    let unsubscribed = false;
    const slow: CallHandler = { handle: () => new Observable(() => () => (unsubscribed = true)) };
    await expect(firstValueFrom(interceptor.intercept(context('/v1/contracts'), slow))).rejects.toMatchObject(
      {
        status: 503,
      },
    );
    expect(unsubscribed).toBe(true);
    // A prompt answer leaves no timer behind to fire later.
    const errors: unknown[] = [];
    interceptor.intercept(context('/v1/contracts'), { handle: () => of('answer') }).subscribe({
      error: (e) => errors.push(e),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).toEqual([]);
  });

  it('passes a prompt answer through and leaves the streamed feed alone', async () => {
    const prompt: CallHandler = { handle: () => of('answer') };
    expect(await firstValueFrom(interceptor.intercept(context('/v1/contracts'), prompt))).toBe('answer');
    const feed = interceptor.intercept(context('/v1/events?follow=true'), { handle: () => NEVER });
    const raced = await Promise.race([
      firstValueFrom(feed).then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 300)),
    ]);
    expect(raced).toBe('still open');
  });
});
