import { InvalidInput } from '@flr/domain';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/** 1 MiB: the largest body any command needs; bigger is 413 (PAYLOAD_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The register's HTTP layer: Nest on Fastify, chosen for throughput (issue 10: GET gp?at= at
 * national scale). Parser errors (malformed JSON, too large, unsupported media type) reach the
 * ErrorFilter through Nest's exception layer like every other error.
 */
/** No command nests deeper than a few levels; deeper bodies are refused before validation walks them. */
export const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests arrays/objects deeper than `limit` (iterative: no stack to overflow). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Longest path parameter the router passes on. Fastify's default (100) answered a longer one itself
 * with `414 FST_ERR_MAX_PARAM_LENGTH` in its own body shape; this lets every parameter reach its pipe,
 * so a long `nin` is `400 INVALID_NIN` and a long contract id `400 INVALID_INPUT` (API.md). Node's
 * header limit (16 KiB) bounds the whole request line anyway.
 */
export const MAX_PARAM_LENGTH = 16 * 1024;

/**
 * The security headers every answer carries (helmet: `@fastify/helmet` sets them on every routed request,
 * bootstrap.ts). The Swagger UI at /docs needs its inline bootstrap script and styles; nothing else is served.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
    },
  },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
};

/** The router's own refusals (a path not validly percent-encoded, ...) in API.md's 400 shape. */
function frameworkErrorBody(error: { code?: string; message: string }): [number, unknown] | undefined {
  if (error.code === 'FST_ERR_BAD_URL')
    return [
      400,
      {
        code: 'INVALID_INPUT',
        errors: [{ field: 'path', message: 'the path is not validly percent-encoded' }],
      },
    ];
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return [
      400,
      { code: 'INVALID_INPUT', errors: [{ field: 'path', message: 'a path parameter is too long' }] },
    ];
  return undefined;
}

const routerRefusalHeaders = helmet(SECURITY_HEADERS);

export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    maxParamLength: MAX_PARAM_LENGTH,
    // Replaces the adapter's own handler, which sent Fastify's error as is. The router refuses before
    // any request hook runs, so the security headers are set here, as helmet sets them on every other answer.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      routerRefusalHeaders(request.raw, reply.raw, () => undefined);
      const mapped = frameworkErrorBody(error);
      if (mapped) reply.code(mapped[0]).send(mapped[1]);
      else reply.send(error);
    },
  });
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Clients send `DELETE` commands with a JSON content type and no body; that is an empty command
  // (as it was before the switch), not malformed JSON.
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body as Buffer;
    if (text.length === 0) done(null, {});
    else
      parseJson(request, text.toString('utf8'), (error, parsed) => {
        if (!error && nestedDeeperThan(parsed, MAX_BODY_DEPTH)) {
          const message = `the body nests deeper than ${MAX_BODY_DEPTH} levels`;
          return done(new InvalidInput('BODY_TOO_DEEP', [{ field: 'body', message }]), undefined);
        }
        done(error, parsed);
      });
  });
  // API.md: JSON bodies. Fastify parses text/plain and Nest form bodies by default; both are refused
  // (415 UNSUPPORTED_MEDIA_TYPE, as any other type), never read as a command with fields missing.
  fastify.removeContentTypeParser('text/plain');
  adapter.useBodyParser(
    'application/x-www-form-urlencoded',
    false,
    { bodyLimit: BODY_LIMIT_BYTES },
    (_request, _body, done) => done(unsupportedMediaType(), undefined),
  );
  return adapter;
}

/** The error Fastify raises for a content type it has no parser for; the ErrorFilter answers it with 415. */
function unsupportedMediaType(): Error {
  return Object.assign(new Error('Send the body as application/json'), {
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    statusCode: 415,
  });
}
