import {
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@flr/application';
import type { AuthenticatedRequest } from './auth';

interface AddressedRequest extends AuthenticatedRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

export function clientAddress(req: AddressedRequest): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

export function rateLimited(retryAfterS: number, message: string): HttpException {
  return new HttpException({ code: 'RATE_LIMITED', message, retryAfterSeconds: retryAfterS }, 429);
}

/**
 * Rate limit per identity, after authentication: the tracker is the caller's system identity, so
 * one downstream system cannot starve the others wherever it connects from. A sliding window of
 * one minute, approximated from the current and previous fixed windows. With authentication off
 * (loopback development) nothing is limited.
 *
 * Not @nestjs/throttler: its 6.x (the newest) is CommonJS requiring Nest 12's ES-module-only
 * @nestjs/common, which Node 20 loads but Jest's module runtime cannot, so no test could load it.
 */
@Injectable()
export class IdentityRateLimitGuard implements CanActivate {
  private windowStart = Date.now();
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AddressedRequest>();
    const principal = req.principal;
    if (!principal || principal.method === 'none') return true;
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      const skipped = Math.floor((now - this.windowStart) / WINDOW_MS);
      this.previous = skipped === 1 ? this.current : new Map();
      this.current = new Map();
      this.windowStart += skipped * WINDOW_MS;
    }
    const key = principal.consumer;
    const elapsed = (now - this.windowStart) / WINDOW_MS;
    const used = (this.current.get(key) ?? 0) + (this.previous.get(key) ?? 0) * (1 - elapsed);
    const limit = this.config.rateLimitPerMinute;
    if (used >= limit) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000));
      setRetryAfter(context, retryAfter);
      throw rateLimited(retryAfter, `More than ${limit} requests a minute from this identity; retry later`);
    }
    this.current.set(key, (this.current.get(key) ?? 0) + 1);
    return true;
  }
}

const WINDOW_MS = 60_000;

interface HeaderTarget {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

export function setRetryAfter(context: ExecutionContext, seconds: number): void {
  const res = context.switchToHttp().getResponse<HeaderTarget>();
  if (typeof res.header === 'function') res.header('Retry-After', String(seconds));
  else res.setHeader?.('Retry-After', String(seconds));
}

/**
 * Counts failed authentications per client address in one-minute windows, so a flood of bad
 * tokens is answered 429 before any verification work.
 */
@Injectable()
export class AuthFailureLimiter {
  private windowStart = Date.now();
  private readonly failures = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Throws 429 when `address` is over its limit in the current window. */
  check(address: string, context: ExecutionContext): void {
    this.roll();
    if ((this.failures.get(address) ?? 0) > this.config.authFailuresPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + 60_000 - Date.now()) / 1000));
      setRetryAfter(context, retryAfter);
      throw rateLimited(
        retryAfter,
        `Too many failed authentications from this address (${this.config.authFailuresPerMinute} a minute); retry later`,
      );
    }
  }

  recordFailure(address: string): void {
    this.roll();
    this.failures.set(address, (this.failures.get(address) ?? 0) + 1);
  }

  private roll(): void {
    if (Date.now() - this.windowStart >= 60_000) {
      this.windowStart = Date.now();
      this.failures.clear();
    }
  }
}

/** A request not answered within FLR_REQUEST_TIMEOUT_MS is 503 TIMEOUT. Streamed feeds are exempt. */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<{ url?: string }>();
    if ((req.url ?? '').startsWith('/v1/events')) return next.handle();
    const ms = this.config.requestTimeoutMs;
    // rxjs `timeout` + `catchError` as one plain timer per request: the deadline restarts with each
    // value (as `timeout(ms)` does) and the handler's chain is unsubscribed when it passes.
    return new Observable<unknown>((subscriber) => {
      const timer = setTimeout(() => {
        subscriber.error(
          new ServiceUnavailableException({
            code: 'TIMEOUT',
            message: `Not answered within ${ms} ms; a command may still complete, retry it with the same commandId`,
          }),
        );
      }, ms);
      const inner = next.handle().subscribe({
        next: (value) => {
          timer.refresh();
          subscriber.next(value);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        clearTimeout(timer);
        inner.unsubscribe();
      };
    });
  }
}
