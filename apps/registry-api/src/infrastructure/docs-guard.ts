import type { Role } from '@flr/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, type Authenticator } from './identity';

/** Roles that may read the OpenAPI document and its UI (docs/security.md). */
export const DOCS_ROLES: readonly Role[] = ['admin', 'analyst', 'subscriber'];

const DOCS_PATH = /^\/docs(?:-json|-yaml)?(?:\/|$)/;

/**
 * A Fastify `onRequest` hook in front of `/docs` and `/docs-json`, which Swagger serves outside
 * Nest's guards: the same authentication and a role from DOCS_ROLES.
 */
export function docsGuard(authenticator: Authenticator) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!DOCS_PATH.test(request.url.split('?')[0])) return;
    try {
      const principal = await authenticator.authenticate(request.headers.authorization);
      if (principal.roles.some((r) => DOCS_ROLES.includes(r))) return;
      await send(reply, 403, {
        code: 'FORBIDDEN',
        message: `The API documentation needs one of ${DOCS_ROLES.join(', ')}; the caller has no role`,
      });
    } catch (e) {
      if (!(e instanceof AuthenticationError)) throw e;
      await send(reply, 401, { code: 'UNAUTHENTICATED', message: e.reason });
    }
  };
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(body);
}
