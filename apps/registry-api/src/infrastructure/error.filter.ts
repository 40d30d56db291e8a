import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { InvalidInput, RuleRefusal, UnknownResource } from '@flr/domain';
import { InvalidEventError, StreamDeletedError, WrongExpectedVersionError } from '@flr/event-store';

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

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

/** The one place where typed outcomes become HTTP answers (API.md's error contract). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const [status, body] = this.map(error);
    response.status(status).json(body);
  }

  private map(error: unknown): [number, unknown] {
    if (error instanceof InvalidInput) return [400, { code: error.code, errors: error.errors }];
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
    const parserError = error as { type?: string; status?: number; message?: string };
    if (parserError?.type === 'entity.parse.failed') {
      return [400, { code: 'INVALID_INPUT', errors: [{ field: 'body', message: 'Malformed JSON body' }] }];
    }
    if (parserError?.type === 'entity.too.large') {
      return [413, { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' }];
    }
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
