import { StreamNotFoundError } from '@flr/event-store';
import { streamNameOf } from './codec';
import { randomUUID } from 'node:crypto';
import { type EsdbNode, metastreamOf } from './node';
import { type Grpc, sharedPb, streamsPb } from './proto';
import { toRpcError, wrongExpectedVersion } from './rpc-errors';
import { expectedRevisionOf } from './streams-append';

type DeleteReq = InstanceType<typeof streamsPb.DeleteReq>;
type TombstoneReq = InstanceType<typeof streamsPb.TombstoneReq>;

/**
 * Streams/Delete (soft delete) and Streams/Tombstone (hard delete). Failures are gRPC errors with
 * trailers, never response fields (RpcExceptions.WrongExpectedVersion, ESDB-PROTOCOL §2.5).
 */
export function deleteHandler(node: EsdbNode, hard: boolean) {
  return (call: Grpc.ServerUnaryCall<DeleteReq | TombstoneReq, any>, callback: Grpc.sendUnaryData<any>) => {
    const options = call.request.getOptions();
    const stream = streamNameOf(options?.getStreamIdentifier());
    const expected = options ? expectedRevisionOf(options) : 'any';
    const operation = hard
      ? node.store.tombstoneStream(stream, { expectedRevision: expected })
      : node.store.deleteStream(stream, { expectedRevision: expected });
    operation
      .then(
        (result) => {
          const Resp = hard ? streamsPb.TombstoneResp : streamsPb.DeleteResp;
          const resp = new Resp();
          if (result.position === null) resp.setNoPosition(new sharedPb.Empty());
          else {
            const position = new Resp.Position()
              .setCommitPosition(result.position.toString())
              .setPreparePosition(result.position.toString());
            resp.setPosition(position);
          }
          callback(null, resp);
        },
        async (error: unknown) => {
          // A stream whose metadata was set "implicitly exists": soft-deleting it with no_stream succeeds
          // and, as on the server, records the deletion in its metadata (IndexWriter.CheckCommit).
          if (!hard && expected === 'no_stream' && !(await node.streamExists(stream))) {
            const meta = await node.metadataOf(stream);
            if (meta) {
              const write = await node.store.appendToStream(metastreamOf(stream), [
                { id: randomUUID(), type: '$metadata', data: { ...meta, $tb: 0 } },
              ]);
              const position = new streamsPb.DeleteResp.Position()
                .setCommitPosition(write.position.toString())
                .setPreparePosition(write.position.toString());
              callback(null, new streamsPb.DeleteResp().setPosition(position));
              return;
            }
          }
          // A stream that never existed cannot be deleted: the server reports it as a wrong version.
          const rpc =
            error instanceof StreamNotFoundError
              ? wrongExpectedVersion(stream, expected, 'no_stream')
              : toRpcError(error, stream);
          callback(rpc as any);
        },
      )
      .catch((error: unknown) => callback(toRpcError(error, stream) as any));
  };
}
