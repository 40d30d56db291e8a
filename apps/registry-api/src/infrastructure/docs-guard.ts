import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '@flr/application';
import { AuthenticationError, type Authenticator } from './identity';

/** Roles that may read the OpenAPI document and its UI (docs/security.md). */
export const DOCS_ROLES: readonly Role[] = ['admin', 'analyst', 'subscriber'];

/**
 * Connect-style middleware in front of `/docs` and `/docs-json`, which Swagger serves outside Nest's
 * guards. Written against Node's request/response so it works on either HTTP adapter.
 */
export function docsGuard(authenticator: Authenticator) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    const path = (req.url ?? '').split('?')[0];
    if (!/^\/docs(?:-json|-yaml)?(?:\/|$)/.test(path)) {
      next();
      return;
    }
    const header = req.headers.authorization;
    authenticator.authenticate(header).then(
      (principal) => {
        if (principal.roles.some((r) => DOCS_ROLES.includes(r))) next();
        else
          send(res, 403, {
            code: 'FORBIDDEN',
            message: `The API documentation needs one of ${DOCS_ROLES.join(', ')}; the caller has no role`,
          });
      },
      (e: unknown) => {
        if (e instanceof AuthenticationError)
          return send(res, 401, { code: 'UNAUTHENTICATED', message: e.reason });
        next(e);
      },
    );
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
