import {
  type ExpectedRevision,
  InvalidEventError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@flr/event-store';
import { CommitTimeoutError } from './node';
import { grpc } from './proto';

/** A gRPC error with EventStoreDB's trailers (`exception`, `stream-name`, ...), ESDB-PROTOCOL §2.9. */
export interface RpcError {
  code: number;
  details: string;
  metadata: InstanceType<typeof grpc.Metadata>;
}

export function rpcError(code: number, details: string, trailers: Record<string, string> = {}): RpcError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

export const Status = grpc.status;

/** The long form the Delete/Tombstone trailers use (Data/ExpectedVersion.cs). */
export function expectedVersionLong(expected: ExpectedRevision): string {
  if (expected === 'any') return '-2';
  if (expected === 'no_stream') return '-1';
  if (expected === 'stream_exists') return '-4';
  return expected.toString();
}

export function wrongExpectedVersion(
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
) {
  return rpcError(Status.FAILED_PRECONDITION, 'Wrong expected version.', {
    exception: 'wrong-expected-version',
    'stream-name': stream,
    'expected-version': expectedVersionLong(expected),
    'actual-version': actual === 'no_stream' ? '' : actual.toString(),
  });
}

export function streamDeleted(stream: string): RpcError {
  return rpcError(Status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });
}

export function missingRequiredMetadata(): RpcError {
  return rpcError(Status.INVALID_ARGUMENT, 'Required metadata properties are missing: type, content-type', {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });
}

export function maxAppendSizeExceeded(max: number): RpcError {
  return rpcError(Status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(max),
  });
}

export function accessDenied(): RpcError {
  return rpcError(Status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });
}

export function invalidArgument(details: string): RpcError {
  return rpcError(Status.INVALID_ARGUMENT, details);
}

/** Maps the port's typed errors to the trailers the client understands; anything else is UNKNOWN. */
export function toRpcError(error: unknown, stream: string): RpcError {
  if (error instanceof WrongExpectedVersionError) {
    return wrongExpectedVersion(error.stream, error.expected, error.actual);
  }
  if (error instanceof StreamDeletedError) return streamDeleted(error.stream);
  if (error instanceof StreamNotFoundError) {
    return rpcError(Status.NOT_FOUND, `Event stream '${stream}' is not found.`, {
      exception: 'stream-not-found',
      'stream-name': stream,
    });
  }
  if (error instanceof MaxAppendSizeExceededError) return maxAppendSizeExceeded(error.maxAppendSize);
  if (error instanceof InvalidEventError) {
    return error.reason === 'missing-type' ? missingRequiredMetadata() : invalidArgument(error.message);
  }
  // RpcExceptions.Timeout: ABORTED, which the client reports as TimeoutError (no reconnect).
  if (error instanceof CommitTimeoutError)
    return rpcError(Status.ABORTED, `Operation timed out: ${error.message}`);
  if (isRpcError(error)) return error;
  return rpcError(Status.UNKNOWN, error instanceof Error ? error.message : String(error));
}

export function isRpcError(error: unknown): error is RpcError {
  return typeof error === 'object' && error !== null && 'code' in error && 'metadata' in error;
}
