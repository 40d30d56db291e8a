import { randomUUID } from 'node:crypto';
import { authenticate, type BasicCredentials } from './auth';
import { failCall } from './call-io';
import { recordedEventMessage, streamNameOf, uuidToString } from './codec';
import type { EsdbNode } from './node';
import type { Consumer, Message } from './persistent/consumer';
import { Group } from './persistent/group';
import { infoOf } from './persistent/info';
import {
  allFilterConfig,
  allStartOf,
  decodeConfig,
  encodeConfig,
  eventSourceOf,
  type GroupConfig,
  settingsOf,
  streamStartOf,
} from './persistent/settings';
import { grpc, persistentPb, sharedPb } from './proto';
import { invalidArgument, rpcError } from './rpc-errors';

/** Where the server keeps group definitions, as EventStoreDB does. */
const CONFIG_STREAM = '$persistentSubscriptionConfig';

type Handler = (call: any, callback?: any) => void;

const psError = (code: number, exception: string, source: string, group: string, details: string) =>
  rpcError(code, details, { exception, 'stream-name': source, 'group-name': group });
const notFound = (source: string, group: string) =>
  psError(
    grpc.status.NOT_FOUND,
    'persistent-subscription-does-not-exist',
    source,
    group,
    `Subscription group ${group} on stream ${source} does not exist.`,
  );

/** The PersistentSubscriptions service (Services/Transport/Grpc/PersistentSubscriptions.*.cs). */
export class PersistentSubscriptions {
  private readonly groups = new Map<string, Group>();
  private nextConsumerId = 1;

  constructor(
    private readonly node: EsdbNode,
    private readonly users: readonly BasicCredentials[] | undefined,
  ) {}

  private key = (source: string, group: string) => `${source}::${group}`;

  async load(): Promise<void> {
    try {
      for await (const e of this.node.store.readStream(CONFIG_STREAM, {
        direction: 'backwards',
        maxCount: 1,
      })) {
        for (const raw of (e.data as { entries: unknown[] }).entries)
          await this.startGroup(decodeConfig(raw));
      }
    } catch {
      // No configuration yet.
    }
  }

  private async startGroup(config: GroupConfig): Promise<Group> {
    const group = new Group(config, this.node);
    this.groups.set(this.key(config.eventSource, config.group), group);
    await group.start();
    return group;
  }

  private async persist(): Promise<void> {
    const entries = [...this.groups.values()].map((g) => encodeConfig(g.config));
    await this.node.store.appendToStream(CONFIG_STREAM, [
      { id: randomUUID(), type: '$PersistentConfig', data: { entries } },
    ]);
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) await group.stop();
    this.groups.clear();
  }

  private configOf(options: any, update: GroupConfig | undefined): GroupConfig | undefined {
    const eventSource = eventSourceOf(options);
    const all = options.hasAll?.() ? options.getAll() : undefined;
    const raw = options.getSettings();
    const start = eventSource === '$all' ? allStartOf(all) : streamStartOf(raw, options);
    const settings = settingsOf(raw, start);
    if (!settings) return undefined;
    const filter = eventSource === '$all' ? (update ? update.filter : allFilterConfig(all)) : undefined;
    return { eventSource, group: options.getGroupName(), settings, ...(filter ? { filter } : {}) };
  }

  private unary(run: (request: any) => Promise<unknown>): Handler {
    return (call, callback) =>
      run(call.request).then(
        (resp) => callback(null, resp),
        (error) => callback(error),
      );
  }

  readonly handlers: Record<string, Handler> = {
    create: this.unary(async (req) => {
      const config = this.configOf(req.getOptions(), undefined);
      if (!config) throw invalidArgument('Unknown consumer strategy');
      if (this.groups.has(this.key(config.eventSource, config.group))) {
        throw psError(
          grpc.status.ALREADY_EXISTS,
          'persistent-subscription-exists',
          config.eventSource,
          config.group,
          `Subscription group ${config.group} on stream ${config.eventSource} exists.`,
        );
      }
      await this.startGroup(config);
      await this.persist();
      return new persistentPb.CreateResp();
    }),
    update: this.unary(async (req) => {
      const options = req.getOptions();
      const source = eventSourceOf(options);
      const existing = this.groups.get(this.key(source, options.getGroupName()));
      if (!existing) throw notFound(source, options.getGroupName());
      const config = this.configOf(options, existing.config);
      if (!config) throw invalidArgument('Unknown consumer strategy');
      await existing.stop(this.dropped(source, config.group));
      await this.startGroup(config);
      await this.persist();
      return new persistentPb.UpdateResp();
    }),
    delete: this.unary(async (req) => {
      const options = req.getOptions();
      const source = options.hasAll() ? '$all' : streamNameOf(options.getStreamIdentifier());
      const group = this.groups.get(this.key(source, options.getGroupName()));
      if (!group) throw notFound(source, options.getGroupName());
      this.groups.delete(this.key(source, options.getGroupName()));
      await group.stop(this.dropped(source, options.getGroupName()));
      await this.persist();
      return new persistentPb.DeleteResp();
    }),
    getInfo: this.unary(async (req) => {
      const options = req.getOptions();
      const source = options.hasAll() ? '$all' : streamNameOf(options.getStreamIdentifier());
      const group = this.groups.get(this.key(source, options.getGroupName()));
      if (!group) throw notFound(source, options.getGroupName());
      return new persistentPb.GetInfoResp().setSubscriptionInfo(infoOf(group));
    }),
    list: this.unary(async (req) => {
      const options = req.getOptions();
      let groups = [...this.groups.values()];
      if (options?.hasListForStream()) {
        const o = options.getListForStream();
        const source = o.hasAll() ? '$all' : streamNameOf(o.getStream());
        groups = groups.filter((g) => g.config.eventSource === source);
        if (groups.length === 0) throw notFound(source, '');
      }
      return new persistentPb.ListResp().setSubscriptionsList(groups.map(infoOf));
    }),
    replayParked: this.unary(async (req) => {
      const options = req.getOptions();
      const source = options.hasAll() ? '$all' : streamNameOf(options.getStreamIdentifier());
      const group = this.groups.get(this.key(source, options.getGroupName()));
      if (!group) throw notFound(source, options.getGroupName());
      await group.replayParked(options.hasStopAt() ? BigInt(options.getStopAt()) : undefined);
      return new persistentPb.ReplayParkedResp();
    }),
    restartSubsystem: this.unary(async () => {
      const configs = [...this.groups.values()].map((g) => g.config);
      await this.close();
      for (const config of configs) await this.startGroup(config);
      return new sharedPb.Empty();
    }),
    read: (call) => this.read(call),
  };

  private dropped(source: string, group: string) {
    return psError(
      grpc.status.CANCELLED,
      'persistent-subscription-dropped',
      source,
      group,
      `Subscription group ${group} on stream ${source} was dropped.`,
    );
  }

  private read(call: any): void {
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
        group = this.groups.get(this.key(source, options.getGroupName()));
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
        consumer = this.consumer(call, Math.max(1, options.getBufferSize()), group);
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
  }

  private consumer(call: any, bufferSize: number, group: Group): Consumer {
    let username = '';
    try {
      username = this.users ? (authenticate(call.metadata, this.users) ?? '') : '';
    } catch {
      username = '';
    }
    const source = group.config.eventSource;
    const consumer: Consumer = {
      id: this.nextConsumerId++,
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

export function persistentSubscriptionsImpl(node: EsdbNode, users?: readonly BasicCredentials[]) {
  return new PersistentSubscriptions(node, users);
}
