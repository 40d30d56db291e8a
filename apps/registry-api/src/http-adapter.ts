import { FastifyAdapter } from '@nestjs/platform-fastify';

/** 1 MiB: the largest body any command needs; bigger is 413 (PAYLOAD_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The register's HTTP layer: Nest on Fastify, chosen for throughput (issue 10: GET gp?at= at
 * national scale). Parser errors (malformed JSON, too large, unsupported media type) reach the
 * ErrorFilter through Nest's exception layer like every other error.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Clients send `DELETE` commands with a JSON content type and no body; that is an empty command
  // (as it was before the switch), not malformed JSON.
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body as Buffer;
    if (text.length === 0) done(null, {});
    else parseJson(request, text.toString('utf8'), done);
  });
  return adapter;
}
