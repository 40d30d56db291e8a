import {
  type ExpectedRevision,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  WrongExpectedVersionError,
} from '@flr/event-store';
import {
  type ProposedEvent,
  proposedFromMessage,
  sizeOnDisk,
  streamIdentifier,
  streamNameOf,
  uuidToString,
} from './codec';
import { CommitTimeoutError, type EsdbNode } from './node';
import { anyPb, emptyPb, type Grpc, sharedPb, statusPb, streamsPb } from './proto';
import { expectedRevisionOf } from './streams-append';

type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
type RpcStatus = InstanceType<typeof statusPb.Status>;

/** google.rpc.Code values the server uses in BatchAppendResp.error (Status.cs). */
const Code = {
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
} as const;

interface PendingBatch {
  stream: string;
  expected: ExpectedRevision;
  deadline: number | undefined;
  events: ProposedEvent[];
  size: number;
  failed: boolean;
}

function status(
  code: number,
  message: string,
  type: string,
  detail: { serializeBinary(): Uint8Array },
): RpcStatus {
  const packed = new anyPb.Any();
  packed.pack(detail.serializeBinary(), `event_store.client.${type}`);
  return new statusPb.Status()
    .setCode(code as any)
    .setMessage(message)
    .setDetails(packed);
}

function wrongExpectedVersionStatus(error: WrongExpectedVersionError): RpcStatus {
  const wev = new sharedPb.WrongExpectedVersion();
  if (error.actual === 'no_stream') wev.setCurrentNoStream(new emptyPb.Empty());
  else wev.setCurrentStreamRevision(error.actual.toString());
  if (error.expected === 'any') wev.setExpectedAny(new emptyPb.Empty());
  else if (error.expected === 'no_stream') wev.setExpectedNoStream(new emptyPb.Empty());
  else if (error.expected === 'stream_exists') wev.setExpectedStreamExists(new emptyPb.Empty());
  else wev.setExpectedStreamPosition(error.expected.toString());
  return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', 'WrongExpectedVersion', wev);
}

function errorStatus(error: unknown, stream: string): RpcStatus {
  if (error instanceof WrongExpectedVersionError) return wrongExpectedVersionStatus(error);
  // BatchAppend reports CommitTimeout as Status.Timeout (DEADLINE_EXCEEDED with a Timeout detail).
  if (error instanceof CommitTimeoutError)
    return status(Code.DEADLINE_EXCEEDED, 'Timeout', 'Timeout', new sharedPb.Timeout());
  if (error instanceof StreamDeletedError) {
    const detail = new sharedPb.StreamDeleted().setStreamIdentifier(streamIdentifier(stream));
    return status(Code.NOT_FOUND, 'StreamDeleted', 'StreamDeleted', detail);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    const detail = new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(error.maxAppendSize);
    return status(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', 'MaximumAppendSizeExceeded', detail);
  }
  return status(
    Code.UNKNOWN,
    error instanceof Error ? error.message : 'Unknown',
    'Unknown',
    new sharedPb.Unknown(),
  );
}

/** BatchAppend: one bidirectional stream shared by a client's concurrent appends, keyed by correlation id. */
export function batchAppendHandler(node: EsdbNode) {
  return (call: Grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    const pending = new Map<string, PendingBatch>();
    const inflight = new Set<Promise<unknown>>();
    const respond = (
      correlationId: string,
      batch: PendingBatch,
      result: RpcStatus | { revision: bigint; position: bigint },
    ) => {
      const resp = new streamsPb.BatchAppendResp()
        .setCorrelationId(new sharedPb.UUID().setString(correlationId))
        .setStreamIdentifier(streamIdentifier(batch.stream));
      if (batch.expected === 'any') resp.setAny(new emptyPb.Empty());
      else if (batch.expected === 'no_stream') resp.setNoStream(new emptyPb.Empty());
      else if (batch.expected === 'stream_exists') resp.setStreamExists(new emptyPb.Empty());
      else resp.setStreamPosition(batch.expected.toString());
      if (result instanceof statusPb.Status) resp.setError(result);
      else {
        const position = new sharedPb.AllStreamPosition()
          .setCommitPosition(result.position.toString())
          .setPreparePosition(result.position.toString());
        const success = new streamsPb.BatchAppendResp.Success()
          .setCurrentRevision(result.revision.toString())
          .setPosition(position);
        resp.setSuccess(success);
      }
      if (!call.destroyed && call.writable) call.write(resp);
    };
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = uuidToString(req.getCorrelationId()!);
      let batch = pending.get(correlationId);
      if (!batch) {
        const options = req.getOptions();
        const deadline = options?.getDeadline();
        batch = {
          stream: streamNameOf(options?.getStreamIdentifier()),
          expected: options ? expectedRevisionOf(options) : 'any',
          deadline: deadline
            ? deadline.getSeconds() * 1000 + Math.floor(deadline.getNanos() / 1e6)
            : undefined,
          events: [],
          size: 0,
          failed: false,
        };
        pending.set(correlationId, batch);
      }
      const current = batch;
      if (!current.failed && current.deadline !== undefined && Date.now() > current.deadline) {
        current.failed = true;
        current.events = [];
        respond(
          correlationId,
          current,
          status(Code.DEADLINE_EXCEEDED, 'Timeout', 'Timeout', new sharedPb.Timeout()),
        );
      }
      if (!current.failed) {
        for (const message of req.getProposedMessagesList()) {
          const event = proposedFromMessage(message);
          current.size += sizeOnDisk(event);
          current.events.push(event);
        }
        if (current.size > node.maxAppendSize) {
          current.failed = true;
          current.events = [];
          respond(
            correlationId,
            current,
            errorStatus(new MaxAppendSizeExceededError(node.maxAppendSize), current.stream),
          );
        }
      }
      if (!req.getIsFinal()) return;
      pending.delete(correlationId);
      if (current.failed) return;
      // Issued at once, in arrival order: the store's single writer keeps that order and commits
      // concurrent appends together (group commit), as the server's writer does.
      if (current.deadline !== undefined && Date.now() > current.deadline) {
        respond(
          correlationId,
          current,
          status(Code.DEADLINE_EXCEEDED, 'Timeout', 'Timeout', new sharedPb.Timeout()),
        );
        return;
      }
      const append = node.append(current.stream, current.events, current.expected).then(
        (result) =>
          respond(correlationId, current, {
            revision: result.nextExpectedRevision,
            position: result.position,
          }),
        (error: unknown) => respond(correlationId, current, errorStatus(error, current.stream)),
      );
      inflight.add(append);
      void append.finally(() => inflight.delete(append));
    });
    call.on('end', () => {
      void Promise.allSettled([...inflight]).then(() => call.end());
    });
    call.on('error', () => undefined);
  };
}
