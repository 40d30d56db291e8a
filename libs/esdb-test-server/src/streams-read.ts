import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, type Subscription } from '@flr/event-store';
import { drained, failCall, writeTo } from './call-io';
import { streamIdentifier, streamNameOf } from './codec';
import { type AllFilter, matchesFilter, toRegExp, visibleInAll } from './filter';
import type { EsdbNode } from './node';
import { type Grpc, streamsPb } from './proto';
import { FramedBatchWriter } from './framed-writer';
import { encodeReadEventResp, prepareReadEventResp } from './read-encoding';
import { invalidArgument, toRpcError } from './rpc-errors';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type Options = InstanceType<typeof streamsPb.ReadReq.Options>;
/** Answers are messages, or bytes from read-encoding.ts (the Read serializer passes them through). */
type ReadCall = Grpc.ServerWritableStream<ReadReq, ReadResp | Buffer>;

/** EventStoreDB's read batch size, the default `maxSearchWindow` (Enumerator.cs). */
const READ_BATCH_SIZE = 32;

function checkpointResp(position: bigint): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
}

function filterOf(options: Options): { filter?: AllFilter; interval: number } {
  if (!options.hasFilter()) return { interval: 0 };
  const f = options.getFilter()!;
  const on = f.hasStreamIdentifier() ? 'stream' : 'eventType';
  const expression = (on === 'stream' ? f.getStreamIdentifier() : f.getEventType())!;
  const regex = expression.getRegex();
  const window = f.hasMax() ? f.getMax() : READ_BATCH_SIZE;
  const filter: AllFilter = {
    on,
    prefixes: expression.getPrefixList(),
    ...(regex ? { regex: toRegExp(regex) } : {}),
  };
  return { filter, interval: Math.max(1, f.getCheckpointintervalmultiplier() || 1) * window };
}

function streamRevision(options: InstanceType<typeof streamsPb.ReadReq.Options.StreamOptions>) {
  if (options.hasRevision()) return BigInt(options.getRevision());
  return options.hasEnd() ? ('end' as const) : ('start' as const);
}

function allPosition(options: InstanceType<typeof streamsPb.ReadReq.Options.AllOptions>) {
  if (options.hasPosition()) return BigInt(options.getPosition()!.getCommitPosition());
  return options.hasEnd() ? ('end' as const) : ('start' as const);
}

async function readCount(node: EsdbNode, call: ReadCall, options: Options): Promise<void> {
  const direction = options.getReadDirection() === 1 ? 'backwards' : 'forwards';
  const maxCount = Number(options.getCount());
  const resolveLinks = options.getResolveLinks();
  const reads = options.hasStream()
    ? node.readStream(streamNameOf(options.getStream()!.getStreamIdentifier()), {
        direction,
        maxCount,
        resolveLinks,
        fromRevision: streamRevision(options.getStream()!),
      })
    : node.readAll({
        direction,
        maxCount,
        resolveLinks,
        fromPosition: allPosition(options.getAll()!),
        ...filterOf(options),
      });
  const batched = FramedBatchWriter.forCall(call);
  if (batched) {
    for await (const read of reads) {
      const added = batched.add(prepareReadEventResp(read.event, read.position, read.link));
      if (added !== true && !(await added)) return;
    }
    if (!(await batched.flush())) return;
    call.end();
    return;
  }
  // A wrapped call: pre-encoded bytes (the Read serializer passes them through), one write each,
  // waiting only when the call's buffer is full.
  for await (const read of reads) {
    if (call.cancelled || call.destroyed || call.writableEnded) return;
    if (!call.write(encodeReadEventResp(read.event, read.position, read.link)) && !(await drained(call)))
      return;
  }
  call.end();
}

async function subscribe(node: EsdbNode, call: ReadCall, options: Options): Promise<void> {
  const resolveLinks = options.getResolveLinks();
  const { filter, interval } = filterOf(options);
  const subscription: Subscription = options.hasStream()
    ? node.store.subscribeToStream(streamNameOf(options.getStream()!.getStreamIdentifier()), {
        fromRevision: streamRevision(options.getStream()!),
      })
    : node.store.subscribeToAll({ fromPosition: allPosition(options.getAll()!) });
  call.on('cancelled', () => void subscription.unsubscribe());
  call.on('close', () => void subscription.unsubscribe());
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  if (!(await writeTo(call, new streamsPb.ReadResp().setConfirmation(confirmation)))) return;
  let considered = 0;
  for await (const message of subscription) {
    let ok = true;
    if (message.kind === 'event') {
      const event = message.event;
      const all = !options.hasStream();
      const wanted = !all || (filter ? matchesFilter(filter, event) : visibleInAll(event));
      if (wanted) {
        const read =
          resolveLinks && event.type === '$>'
            ? await node.resolve(event, true)
            : { event, position: event.position };
        ok = await writeTo(call, encodeReadEventResp(read.event, read.position, read.link));
      }
      // Checkpoints count every considered event, matching or not (SubscriptionsService.cs).
      if (ok && filter && ++considered % interval === 0)
        ok = await writeTo(call, checkpointResp(event.position));
    } else if (message.kind === 'caughtUp') {
      if (filter) ok = await writeTo(call, checkpointResp(message.position));
      if (ok)
        ok = await writeTo(call, new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    }
    if (!ok) break;
  }
  await subscription.unsubscribe();
}

/** Streams/Read: counted reads and catch-up subscriptions (Streams.Read.cs). */
export function readHandler(node: EsdbNode) {
  return (call: ReadCall) => {
    const options = call.request.getOptions();
    const stream = options?.hasStream() ? streamNameOf(options.getStream()!.getStreamIdentifier()) : '$all';
    if (!options || (!options.hasStream() && !options.hasAll())) {
      failCall(call, invalidArgument('The combination of options is invalid.'));
      return;
    }
    const subscription = options.hasSubscription();
    const backwards = options.getReadDirection() === 1;
    if ((options.hasStream() && options.hasFilter()) || (subscription && backwards)) {
      failCall(call, invalidArgument(`The combination of ${JSON.stringify(options.toObject())} is invalid.`));
      return;
    }
    const run = subscription ? subscribe(node, call, options) : readCount(node, call, options);
    run.catch((error: unknown) => {
      if (error instanceof StreamNotFoundError && !subscription) {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
          streamIdentifier(stream),
        );
        void writeTo(call, new streamsPb.ReadResp().setStreamNotFound(notFound)).then(() => call.end());
        return;
      }
      failCall(call, toRpcError(error, stream));
    });
  };
}
