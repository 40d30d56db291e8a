import { InvalidInput } from '@flr/domain';
import { FastifyAdapter } from '@nestjs/platform-fastify';

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

export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
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
