import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@flr/application';
import { AuthenticationError, Authenticator, type Principal } from './identity';
import { AuthFailureLimiter, clientAddress } from './limits';

const ROLES_KEY = 'flr:roles';
const PUBLIC_KEY = 'flr:public';

/** Roles that may call the handler or controller. Without it only `admin` may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No authentication at all (the bare liveness probe). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The request as the guard leaves it: the verified caller is attached for audit, pseudonyms and limits. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

export function unauthenticated(reason: string): UnauthorizedException {
  return new UnauthorizedException({ code: 'UNAUTHENTICATED', message: reason });
}

/**
 * Bearer-token authentication (OIDC or development tokens) and the role matrix
 * (docs/security.md; API.md: 401 UNAUTHENTICATED, 403 FORBIDDEN).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly failures: AuthFailureLimiter,
  ) {}

  /** Per controller class and handler: public, or the roles allowed (metadata is fixed at start-up). */
  private readonly access = new WeakMap<object, WeakMap<object, { public: boolean; roles: Role[] }>>();

  private accessOf(context: ExecutionContext): { public: boolean; roles: Role[] } {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.access.get(controller);
    if (!byHandler) this.access.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'],
      };
      byHandler.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.public) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(typeof header === 'string' ? header : undefined);
    } catch (e) {
      if (!(e instanceof AuthenticationError)) throw e;
      // A flood of bad tokens from one address is 429 once over the limit; valid tokens still pass.
      const address = clientAddress(request);
      this.failures.recordFailure(address);
      this.failures.check(address, context);
      throw unauthenticated(e.reason);
    }
    request.principal = principal;
    const allowed = access.roles;
    if (!principal.roles.some((r) => allowed.includes(r))) {
      const held = principal.roles.length ? principal.roles.join(', ') : 'no role';
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message: `This endpoint needs one of ${allowed.join(', ')}; the caller has ${held}`,
      });
    }
    return true;
  }
}
