import {
  type ExpectedRevision,
  MaxAppendSizeExceededError,
  WrongExpectedVersionError,
} from '@flr/event-store';
import { type ProposedEvent, proposedFromMessage, sizeOnDisk, streamNameOf } from './codec';
import type { EsdbNode } from './node';
import { type Grpc, sharedPb, streamsPb } from './proto';
import { rpcError, Status, toRpcError } from './rpc-errors';

type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;

/** The oneof `expected_stream_revision` of Append/Delete/Tombstone and BatchAppend (cases 2..5). */
export function expectedRevisionOf(options: {
  getExpectedStreamRevisionCase?(): number;
  getExpectedStreamPositionCase?(): number;
  getRevision?(): string;
  getStreamPosition?(): string;
}): ExpectedRevision {
  const kind = options.getExpectedStreamRevisionCase?.() ?? options.getExpectedStreamPositionCase?.();
  switch (kind) {
    case 2:
      return BigInt(options.getRevision?.() ?? options.getStreamPosition?.() ?? '0');
    case 3:
      return 'no_stream';
    case 5:
      return 'stream_exists';
    default:
      return 'any';
  }
}

/** Unary Append reports WrongExpectedVersion in the response, filling both oneofs (Streams.Append.cs). */
function wrongExpectedVersionResp(error: WrongExpectedVersionError): AppendResp {
  const Empty = sharedPb.Empty;
  const wev = new streamsPb.AppendResp.WrongExpectedVersion();
  if (error.actual === 'no_stream') wev.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
  else wev.setCurrentRevision(error.actual.toString()).setCurrentRevision2060(Number(error.actual));
  const expected = error.expected;
  if (expected === 'any') wev.setExpectedAny(new Empty()).setAny2060(new Empty());
  else if (expected === 'stream_exists')
    wev.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
  else if (expected === 'no_stream') wev.setExpectedNoStream(new Empty());
  else wev.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  return new streamsPb.AppendResp().setWrongExpectedVersion(wev);
}

export function appendHandler(node: EsdbNode) {
  return (
    call: Grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: Grpc.sendUnaryData<AppendResp>,
  ) => {
    let stream = '';
    let expected: ExpectedRevision = 'any';
    const events: ProposedEvent[] = [];
    let size = 0;
    let refused = false;
    call.on('data', (req: AppendReq) => {
      if (refused) return;
      if (req.hasOptions()) {
        const options = req.getOptions()!;
        stream = streamNameOf(options.getStreamIdentifier());
        expected = expectedRevisionOf(options);
      } else if (req.hasProposedMessage()) {
        const event = proposedFromMessage(req.getProposedMessage()!);
        size += sizeOnDisk(event);
        events.push(event);
        // As the server's Append does: refused as soon as the events so far pass MaxAppendSize,
        // without waiting for the rest of the upload (which may outlast the client's deadline).
        if (size > node.maxAppendSize) {
          refused = true;
          events.length = 0;
          callback(toRpcError(new MaxAppendSizeExceededError(node.maxAppendSize), stream) as any);
        }
      }
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (refused) return;
      const deadline = call.getDeadline();
      const due = deadline instanceof Date ? deadline.getTime() : Number(deadline);
      if (Number.isFinite(due) && Date.now() > due) {
        callback(rpcError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded') as any);
        return;
      }
      node.append(stream, events, expected).then(
        (result) => {
          const position = new streamsPb.AppendResp.Position()
            .setCommitPosition(result.position.toString())
            .setPreparePosition(result.position.toString());
          const success = new streamsPb.AppendResp.Success()
            .setCurrentRevision(result.nextExpectedRevision.toString())
            .setPosition(position);
          callback(null, new streamsPb.AppendResp().setSuccess(success));
        },
        (error: unknown) => {
          if (error instanceof WrongExpectedVersionError) callback(null, wrongExpectedVersionResp(error));
          else callback(toRpcError(error, stream) as any);
        },
      );
    });
  };
}
