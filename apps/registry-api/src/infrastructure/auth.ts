import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig, type Role } from '@flr/application';

const ROLES_KEY = 'flr:roles';
const PUBLIC_KEY = 'flr:public';

/** Roles that may call the handler or controller. Without it only `admin` may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No authentication at all (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Bearer-token authentication with roles from FLR_TOKENS (API.md: 401 UNAUTHENTICATED, 403 FORBIDDEN). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    // No tokens configured: the server listens on loopback only (see loadConfig) and trusts its callers.
    if (this.config.tokens.size === 0) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const role = match ? this.config.tokens.get(match[1]) : undefined;
    if (!role) {
      throw new UnauthorizedException({
        code: 'UNAUTHENTICATED',
        message: 'A valid bearer token is required',
      });
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!allowed.includes(role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `Role ${role} may not call this endpoint` });
    }
    return true;
  }
}
