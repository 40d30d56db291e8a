import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FieldError, InvalidInput, RuleRefusal, UnknownResource } from '@flr/domain';
import { InvalidEventError, StreamDeletedError, WrongExpectedVersionError } from '@flr/event-store';

/** §5.1 / S02: FLR's fault text for an invalid patientNin ("ArgumentException: patientNin er ugyldig"). */
export const FLR_INVALID_NIN_FAULT = 'patientNin er ugyldig';

/** The HTTP layer's own request errors (body parsing, media type), by Fastify's error code. */
const PARSER_ERRORS: Record<string, [number, unknown]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [
    400,
    { code: 'INVALID_INPUT', errors: [{ field: 'body', message: 'Malformed JSON body' }] },
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    400,
    { code: 'INVALID_INPUT', errors: [{ field: 'body', message: 'Empty JSON body' }] },
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    { code: 'INVALID_INPUT', errors: [{ field: 'body', message: 'Content-Length does not match the body' }] },
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' }],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  ],
};

const STATUS_CODES: Record<number, string> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'UNAVAILABLE',
};

/** Each field error once (two checks, or two paths to one check, may give the same one), first order kept. */
function distinct(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = JSON.stringify([e.field, e.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The one place where typed outcomes become HTTP answers (API.md's error contract). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ sent?: boolean; raw?: { headersSent?: boolean } }>();
    // A streaming answer (the event feed) that fails after its headers went out cannot change status.
    if (response.sent || response.raw?.headersSent) return;
    const [status, body] = this.map(error);
    this.adapterHost.httpAdapter.reply(response, body, status);
  }

  private map(error: unknown): [number, unknown] {
    if (error instanceof InvalidInput) {
      // S02: an invalid identity number also carries the FLR façade's fault text (as NO_GP does, S50).
      const fault = error.code === 'INVALID_NIN' ? { message: FLR_INVALID_NIN_FAULT } : {};
      return [400, { code: error.code, ...fault, errors: distinct(error.errors) }];
    }
    if (error instanceof UnknownResource) return [404, { code: error.code, message: error.message }];
    if (error instanceof RuleRefusal) {
      return [409, { code: error.code, rule: error.rule, message: error.message, ...(error.details ?? {}) }];
    }
    if (error instanceof WrongExpectedVersionError) {
      return [
        412,
        { code: 'REVISION_MISMATCH', message: 'The record changed concurrently; retry the command' },
      ];
    }
    if (error instanceof StreamDeletedError) return [409, { code: 'STREAM_DELETED', message: error.message }];
    if (error instanceof InvalidEventError)
      return [400, { code: 'INVALID_INPUT', errors: [{ field: 'event', message: error.message }] }];
    if (error instanceof HttpException) return this.fromHttpException(error);
    const parserError = error as { code?: unknown; statusCode?: unknown } | null;
    const known = typeof parserError?.code === 'string' ? PARSER_ERRORS[parserError.code] : undefined;
    if (known) return known;
    // Fastify's JSON parser marks a syntax error in the body with statusCode 400.
    if (error instanceof SyntaxError && parserError?.statusCode === 400)
      return PARSER_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY;
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [500, { code: 'INTERNAL', message: 'Internal error' }];
  }

  private fromHttpException(error: HttpException): [number, unknown] {
    const status = error.getStatus();
    const raw = error.getResponse();
    if (raw && typeof raw === 'object' && 'code' in raw) return [status, raw];
    const message = typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? error.message);
    const code = STATUS_CODES[status] ?? 'ERROR';
    if (status === 400) {
      const text = Array.isArray(message) ? message.join('; ') : String(message);
      return [400, { code, errors: [{ field: 'body', message: text }] }];
    }
    return [status, { code, message: Array.isArray(message) ? message.join('; ') : String(message) }];
  }
}
