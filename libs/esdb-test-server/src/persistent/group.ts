import { randomUUID } from 'node:crypto';
import type { RecordedEvent, Subscription } from '@flr/event-store';
import { matchesFilter, visibleInAll } from '../filter';
import type { EsdbNode } from '../node';
import type { Consumer, Message } from './consumer';
import { GroupStreams } from './group-streams';
import { filterOf, type GroupConfig } from './settings';
import { ConsumerSelector } from './strategy';

const TICK_MS = 100;

export const checkpointStreamOf = (c: GroupConfig) =>
  `$persistentsubscription-${c.eventSource}::${c.group}-checkpoint`;
export const parkedStreamOf = (c: GroupConfig) =>
  `$persistentsubscription-${c.eventSource}::${c.group}-parked`;

interface InFlight {
  message: Message;
  consumer: Consumer;
  deadline: number;
  sentAt: number;
}

/**
 * One persistent subscription group (Services/PersistentSubscription): reads its source from the
 * last checkpoint, hands messages to consumers by strategy, retries on nack or timeout, parks after
 * maxRetryCount, and checkpoints the highest sequence below which everything is done.
 */
export class Group {
  readonly consumers: Consumer[] = [];
  private readonly buffer: Message[] = [];
  private readonly inFlight = new Map<string, InFlight>();
  /** Tracked messages in read order; the front ones that are done move the checkpoint. */
  private readonly pending: { sequence: bigint; done: boolean }[] = [];
  private readonly pendingById = new Map<string, { sequence: bigint; done: boolean }>();
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private space: (() => void) | undefined;
  private processedSinceCheckpoint = 0;
  private lastCheckpointAt = Date.now();
  private checkpointCandidate: bigint | undefined;
  lastCheckpoint: bigint | undefined;
  lastKnown: bigint | undefined;
  live = false;
  totalItems = 0;
  parkedCount = 0n;
  replayedParked = 0n;
  readonly id = randomUUID();

  private readonly streams: GroupStreams;
  private readonly selector: ConsumerSelector;

  constructor(
    readonly config: GroupConfig,
    private readonly node: EsdbNode,
  ) {
    this.streams = new GroupStreams(node, config);
    this.selector = new ConsumerSelector(config.settings.consumerStrategy);
  }

  get name(): string {
    return `${this.config.eventSource}::${this.config.group}`;
  }
  get retryCount(): number {
    return this.buffer.filter((m) => m.retryCount > 0).length;
  }
  get readBufferCount(): number {
    return this.buffer.length;
  }
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    this.lastCheckpoint = await this.streams.readCheckpoint();
    this.checkpointCandidate = this.lastCheckpoint;
    this.replayedParked = await this.streams.parkedCursor();
    this.parkedCount = await this.streams.countParked(this.replayedParked);
    this.subscription = this.subscribe();
    void this.readLoop(this.subscription);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private subscribe(): Subscription {
    const { eventSource, settings } = this.config;
    const start = settings.startFrom;
    if (eventSource === '$all') {
      const from =
        this.lastCheckpoint ?? (start === 'start' ? 'start' : start === 'end' ? 'end' : start - 1n);
      return this.node.store.subscribeToAll({ fromPosition: from === -1n ? 'start' : from });
    }
    const from =
      this.lastCheckpoint ??
      (start === 'start' || start === 0n ? 'start' : start === 'end' ? 'end' : start - 1n);
    return this.node.store.subscribeToStream(eventSource, { fromRevision: from });
  }

  private wanted(event: RecordedEvent): boolean {
    if (this.config.eventSource !== '$all') return true;
    const filter = filterOf(this.config);
    return filter ? matchesFilter(filter, event) : visibleInAll(event);
  }

  private async readLoop(subscription: Subscription): Promise<void> {
    try {
      for await (const message of subscription) {
        if (message.kind === 'caughtUp') this.live = true;
        if (message.kind !== 'event') continue;
        const event = message.event;
        const sequence = this.config.eventSource === '$all' ? event.position : event.revision;
        this.lastKnown = sequence;
        if (!this.wanted(event)) continue;
        const read = await this.node.resolve(event, this.config.settings.resolveLinkTos);
        const id = read.link?.id ?? read.event.id;
        const entry = { sequence, done: false };
        this.pending.push(entry);
        this.pendingById.set(id, entry);
        this.buffer.push({ read, id, sequence, retryCount: 0, tracked: true });
        this.dispatch();
        const limit = this.config.settings.historyBufferSize + this.config.settings.liveBufferSize;
        while (this.buffer.length >= Math.max(1, limit) && this.subscription === subscription) {
          await new Promise<void>((resolve) => (this.space = resolve));
        }
      }
    } catch {
      // The source is gone (deleted stream, store closed): the group idles until restarted.
    }
  }

  addConsumer(consumer: Consumer): void {
    this.consumers.push(consumer);
    this.dispatch();
  }

  removeConsumer(consumer: Consumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    for (const [id, flight] of this.inFlight) {
      if (flight.consumer !== consumer) continue;
      this.inFlight.delete(id);
      this.retry(flight.message);
    }
    this.dispatch();
  }

  private dispatch(): void {
    const pinned = this.selector.pinned;
    for (let i = 0; i < this.buffer.length; ) {
      const message = this.buffer[i]!;
      const consumer = this.selector.pick(this.consumers, message);
      if (!consumer) {
        if (!pinned) break;
        i++;
        continue;
      }
      this.buffer.splice(i, 1);
      const now = Date.now();
      this.inFlight.set(message.id, {
        message,
        consumer,
        deadline: now + this.config.settings.messageTimeoutMs,
        sentAt: now,
      });
      consumer.inFlight++;
      consumer.totalItems++;
      consumer.countSinceLastMeasurement++;
      this.totalItems++;
      consumer.send(message);
    }
    const limit = this.config.settings.historyBufferSize + this.config.settings.liveBufferSize;
    if (this.buffer.length < Math.max(1, limit)) this.space?.();
  }

  private settle(id: string): InFlight | undefined {
    const flight = this.inFlight.get(id);
    if (!flight) return undefined;
    this.inFlight.delete(id);
    flight.consumer.inFlight--;
    return flight;
  }

  private done(message: Message): void {
    if (!message.tracked) return;
    const entry = this.pendingById.get(message.id);
    if (!entry) return;
    entry.done = true;
    this.pendingById.delete(message.id);
    while (this.pending[0]?.done) this.checkpointCandidate = this.pending.shift()!.sequence;
    this.processedSinceCheckpoint++;
    if (this.processedSinceCheckpoint >= Math.max(1, this.config.settings.maxCheckPointCount))
      this.checkpoint();
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) {
      const flight = this.settle(id);
      if (!flight) continue;
      if (this.config.settings.extraStatistics) flight.consumer.latencies.push(Date.now() - flight.sentAt);
      this.done(flight.message);
    }
    this.dispatch();
  }

  /** Nack actions (NakAction.cs): 0 unknown and 2 retry retry, 1 parks, 3 skips, 4 stops the consumer. */
  nack(ids: readonly string[], action: number, reason: string, consumer: Consumer): void {
    for (const id of ids) {
      const flight = this.settle(id);
      if (!flight) continue;
      if (action === 1) this.park(flight.message, reason);
      else if (action === 3) this.done(flight.message);
      else this.retry(flight.message);
    }
    if (action === 4) consumer.drop();
    this.dispatch();
  }

  private retry(message: Message): void {
    message.retryCount++;
    if (message.retryCount > this.config.settings.maxRetryCount) {
      this.park(message, 'Max retry count reached');
      return;
    }
    this.buffer.unshift(message);
  }

  private park(message: Message, reason: string): void {
    this.streams.park(message.read.link ?? message.read.event, reason);
    this.parkedCount++;
    this.done(message);
  }

  private tick(): void {
    const now = Date.now();
    let changed = false;
    for (const [id, flight] of this.inFlight) {
      if (flight.deadline > now) continue;
      this.settle(id);
      this.retry(flight.message);
      changed = true;
    }
    if (changed) this.dispatch();
    const due = now - this.lastCheckpointAt >= this.config.settings.checkPointAfterMs;
    if (due && this.processedSinceCheckpoint >= Math.max(1, this.config.settings.minCheckPointCount))
      this.checkpoint();
  }

  private checkpoint(): void {
    const candidate = this.checkpointCandidate;
    this.processedSinceCheckpoint = 0;
    this.lastCheckpointAt = Date.now();
    if (candidate === undefined || candidate === this.lastCheckpoint) return;
    this.lastCheckpoint = candidate;
    this.streams.writeCheckpoint(candidate);
  }

  /** Re-delivers parked messages (up to `stopAt` of them) and truncates the parked stream past them. */
  async replayParked(stopAt: bigint | undefined): Promise<void> {
    const { targets, next } = await this.streams.takeParked(this.replayedParked, stopAt);
    for (const target of targets) {
      const sequence = this.config.eventSource === '$all' ? target.position : target.revision;
      const read = { event: target, position: target.position };
      this.buffer.push({ read, id: target.id, sequence, retryCount: 0, tracked: false });
    }
    this.parkedCount -= next - this.replayedParked;
    this.replayedParked = next;
    this.dispatch();
  }

  /** Stops reading and drops every consumer; the checkpoint written so far stays. */
  async stop(error?: unknown): Promise<void> {
    clearInterval(this.timer);
    const subscription = this.subscription;
    this.subscription = undefined;
    this.space?.();
    for (const consumer of [...this.consumers]) consumer.drop(error);
    this.consumers.length = 0;
    await subscription?.unsubscribe();
    await this.streams.flush();
  }
}
