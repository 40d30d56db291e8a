import { randomUUID } from 'node:crypto';
import type { BasicCredentials } from './auth';
import { streamNameOf } from './codec';
import type { EsdbNode } from './node';
import { dropped, notFound, psError } from './persistent/errors';
import { Group } from './persistent/group';
import { infoOf } from './persistent/info';
import { persistentReadHandler } from './persistent/read-handler';
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
import { invalidArgument } from './rpc-errors';

/** Where the server keeps group definitions, as EventStoreDB does. */
const CONFIG_STREAM = '$persistentSubscriptionConfig';

type Handler = (call: any, callback?: any) => void;

/** The PersistentSubscriptions service (Services/Transport/Grpc/PersistentSubscriptions.*.cs). */
export class PersistentSubscriptions {
  private readonly groups = new Map<string, Group>();

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
      await existing.stop(dropped(source, config.group));
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
      await group.stop(dropped(source, options.getGroupName()));
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
    read: persistentReadHandler((source, group) => this.groups.get(this.key(source, group)), this.users),
  };
}

export function persistentSubscriptionsImpl(node: EsdbNode, users?: readonly BasicCredentials[]) {
  return new PersistentSubscriptions(node, users);
}
