import { authenticate, type BasicCredentials } from '../auth';
import { failCall } from '../call-io';
import { recordedEventMessage, streamNameOf, uuidToString } from '../codec';
import { grpc, persistentPb, sharedPb } from '../proto';
import type { Consumer, Message } from './consumer';
import { notFound, psError } from './errors';
import type { Group } from './group';

/**
 * PersistentSubscriptions/Read: `options` joins a group as a consumer (confirmation = the group's
 * name), then `ack`/`nack` messages settle what it was sent; leaving hands its in-flight messages back.
 */
export function persistentReadHandler(
  findGroup: (source: string, group: string) => Group | undefined,
  users: readonly BasicCredentials[] | undefined,
) {
  let nextConsumerId = 1;
  return (call: any): void => {
    let group: Group | undefined;
    let consumer: Consumer | undefined;
    const leave = () => {
      if (group && consumer) group.removeConsumer(consumer);
      consumer = undefined;
    };
    call.on('data', (req: any) => {
      if (req.hasOptions()) {
        const options = req.getOptions();
        const source = options.hasAll() ? '$all' : streamNameOf(options.getStreamIdentifier());
        group = findGroup(source, options.getGroupName());
        if (!group) return failCall(call, notFound(source, options.getGroupName()));
        const max = group.config.settings.maxSubscriberCount;
        if (max > 0 && group.consumers.length >= max) {
          return failCall(
            call,
            psError(
              grpc.status.FAILED_PRECONDITION,
              'maximum-subscribers-reached',
              source,
              options.getGroupName(),
              'Maximum subscriptions reached.',
            ),
          );
        }
        consumer = createConsumer(call, nextConsumerId++, users, Math.max(1, options.getBufferSize()), group);
        const confirmation = new persistentPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(
          group.name,
        );
        call.write(new persistentPb.ReadResp().setSubscriptionConfirmation(confirmation));
        group.addConsumer(consumer);
        return;
      }
      if (!group || !consumer) return;
      if (req.hasAck()) group.ack(req.getAck().getIdsList().map(uuidToString));
      else if (req.hasNack()) {
        const nack = req.getNack();
        group.nack(nack.getIdsList().map(uuidToString), nack.getAction(), nack.getReason(), consumer);
      }
    });
    call.on('end', () => {
      leave();
      if (!call.writableEnded) call.end();
    });
    call.on('cancelled', leave);
    call.on('error', leave);
    call.on('close', leave);
  };
}

function createConsumer(
  call: any,
  id: number,
  users: readonly BasicCredentials[] | undefined,
  bufferSize: number,
  group: Group,
): Consumer {
  let username = '';
  try {
    username = users ? (authenticate(call.metadata, users) ?? '') : '';
  } catch {
    username = '';
  }
  const source = group.config.eventSource;
  const consumer: Consumer = {
    id,
    from: call.getPeer(),
    username,
    connectionName: String(call.metadata.get('connection-name')[0] ?? ''),
    bufferSize,
    inFlight: 0,
    totalItems: 0,
    countSinceLastMeasurement: 0,
    latencies: [],
    send: (message: Message) => {
      if (call.cancelled || call.writableEnded) return;
      call.write(eventResp(message, source));
    },
    drop: (error?: unknown) => {
      group.removeConsumer(consumer);
      if (error) failCall(call, error as any);
      else if (!call.writableEnded) call.end();
    },
  };
  return consumer;
}

function eventResp(message: Message, source: string) {
  const Recorded = persistentPb.ReadResp.ReadEvent.RecordedEvent;
  const readEvent = new persistentPb.ReadResp.ReadEvent()
    .setEvent(recordedEventMessage(message.read.event, Recorded))
    .setRetryCount(message.retryCount);
  if (message.read.link) readEvent.setLink(recordedEventMessage(message.read.link, Recorded));
  if (source === '$all') readEvent.setCommitPosition(message.read.position.toString());
  else readEvent.setNoPosition(new sharedPb.Empty());
  return new persistentPb.ReadResp().setEvent(readEvent);
}
