import { streamNameOf } from '../codec';
import { type AllFilter, toRegExp } from '../filter';

export type ConsumerStrategy = 'RoundRobin' | 'DispatchToSingle' | 'Pinned' | 'PinnedByCorrelation';
const STRATEGIES: readonly ConsumerStrategy[] = [
  'RoundRobin',
  'DispatchToSingle',
  'Pinned',
  'PinnedByCorrelation',
];
/** CreateReq.ConsumerStrategy enum order. */
const ENUM_STRATEGIES: readonly ConsumerStrategy[] = ['DispatchToSingle', 'RoundRobin', 'Pinned'];
const U64_MAX = 18446744073709551615n;

/** Where a new group starts: inclusive revision or position, or the ends. */
export type StartFrom = 'start' | 'end' | bigint;

export interface GroupSettings {
  resolveLinkTos: boolean;
  startFrom: StartFrom;
  extraStatistics: boolean;
  messageTimeoutMs: number;
  maxRetryCount: number;
  checkPointAfterMs: number;
  minCheckPointCount: number;
  maxCheckPointCount: number;
  maxSubscriberCount: number;
  liveBufferSize: number;
  readBatchSize: number;
  historyBufferSize: number;
  consumerStrategy: ConsumerStrategy;
}

/** Serialisable description of a group: what the server persists in `$persistentSubscriptionConfig`. */
export interface GroupConfig {
  /** A stream name, or `$all`. */
  eventSource: string;
  group: string;
  settings: GroupSettings;
  filter?: {
    on: 'stream' | 'eventType';
    regex?: string;
    prefixes: string[];
    checkpointIntervalMultiplier: number;
  };
}

export function filterOf(config: GroupConfig): AllFilter | undefined {
  const f = config.filter;
  if (!f) return undefined;
  return { on: f.on, prefixes: f.prefixes, ...(f.regex ? { regex: toRegExp(f.regex) } : {}) };
}

function strategyOf(settings: any): ConsumerStrategy | undefined {
  const named = typeof settings.getConsumerStrategy === 'function' ? settings.getConsumerStrategy() : '';
  if (named) return STRATEGIES.includes(named) ? named : undefined;
  return ENUM_STRATEGIES[settings.getNamedConsumerStrategy()] ?? 'RoundRobin';
}

/** Parses Create/Update settings; `undefined` for an unknown consumer strategy. */
export function settingsOf(settings: any, startFrom: StartFrom): GroupSettings | undefined {
  const consumerStrategy = strategyOf(settings);
  if (!consumerStrategy) return undefined;
  const ticksToMs = (ticks: string) => Math.floor(Number(ticks) / 10_000);
  return {
    resolveLinkTos: settings.getResolveLinks(),
    startFrom,
    extraStatistics: settings.getExtraStatistics(),
    messageTimeoutMs: settings.hasMessageTimeoutMs()
      ? settings.getMessageTimeoutMs()
      : ticksToMs(settings.getMessageTimeoutTicks()),
    maxRetryCount: settings.getMaxRetryCount(),
    checkPointAfterMs: settings.hasCheckpointAfterMs()
      ? settings.getCheckpointAfterMs()
      : ticksToMs(settings.getCheckpointAfterTicks()),
    minCheckPointCount: settings.getMinCheckpointCount(),
    maxCheckPointCount: settings.getMaxCheckpointCount(),
    maxSubscriberCount: settings.getMaxSubscriberCount(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    consumerStrategy,
  };
}

/** Stream groups carry their start in the deprecated `settings.revision` (u64 max = end). */
export function streamStartOf(settings: any, options: any): StartFrom {
  const stream = options.hasStream?.() ? options.getStream() : undefined;
  if (stream?.hasRevision()) return BigInt(stream.getRevision());
  if (stream?.hasEnd()) return 'end';
  if (stream?.hasStart()) return 'start';
  const revision = BigInt(settings.getRevision() || '0');
  return revision === U64_MAX ? 'end' : revision === 0n ? 'start' : revision;
}

export function allStartOf(all: any): StartFrom {
  if (all?.hasPosition()) return BigInt(all.getPosition().getCommitPosition());
  return all?.hasEnd() ? 'end' : 'start';
}

/** The stream name of Create/Update options (the deprecated nested StreamOptions or the field). */
export function eventSourceOf(options: any): string {
  if (options.hasAll?.()) return '$all';
  if (options.hasStream?.() && options.getStream()?.hasStreamIdentifier()) {
    return streamNameOf(options.getStream().getStreamIdentifier());
  }
  return streamNameOf(options.getStreamIdentifier());
}

export function allFilterConfig(all: any): GroupConfig['filter'] {
  if (!all?.hasFilter()) return undefined;
  const f = all.getFilter();
  const on = f.hasStreamIdentifier() ? 'stream' : 'eventType';
  const expression = on === 'stream' ? f.getStreamIdentifier() : f.getEventType();
  return {
    on,
    prefixes: expression.getPrefixList(),
    ...(expression.getRegex() ? { regex: expression.getRegex() } : {}),
    checkpointIntervalMultiplier: f.getCheckpointintervalmultiplier() || 1,
  };
}

/** How SubscriptionInfo spells a position or revision (`C:x/P:x` on `$all`). */
export function sequenceText(eventSource: string, sequence: bigint | undefined): string {
  if (sequence === undefined) return '';
  return eventSource === '$all' ? `C:${sequence}/P:${sequence}` : sequence.toString();
}

export function startFromText(eventSource: string, start: StartFrom): string {
  if (eventSource === '$all') {
    return start === 'start' ? 'C:0/P:0' : start === 'end' ? 'C:-1/P:-1' : `C:${start}/P:${start}`;
  }
  return start === 'start' ? '0' : start === 'end' ? '-1' : start.toString();
}

/** JSON round-trip of bigint start points for the persisted configuration. */
export function encodeConfig(config: GroupConfig): unknown {
  const start = config.settings.startFrom;
  return {
    ...config,
    settings: { ...config.settings, startFrom: typeof start === 'bigint' ? start.toString() : start },
  };
}

export function decodeConfig(raw: any): GroupConfig {
  const start = raw.settings.startFrom;
  return {
    ...raw,
    settings: { ...raw.settings, startFrom: start === 'start' || start === 'end' ? start : BigInt(start) },
  };
}
