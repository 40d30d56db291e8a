import { grpc } from '../proto';
import { rpcError } from '../rpc-errors';

/** Persistent subscription errors with the trailers the client maps (RpcExceptions.cs). */
export const psError = (code: number, exception: string, source: string, group: string, details: string) =>
  rpcError(code, details, { exception, 'stream-name': source, 'group-name': group });

export const notFound = (source: string, group: string) =>
  psError(
    grpc.status.NOT_FOUND,
    'persistent-subscription-does-not-exist',
    source,
    group,
    `Subscription group ${group} on stream ${source} does not exist.`,
  );

export const dropped = (source: string, group: string) =>
  psError(
    grpc.status.CANCELLED,
    'persistent-subscription-dropped',
    source,
    group,
    `Subscription group ${group} on stream ${source} was dropped.`,
  );
