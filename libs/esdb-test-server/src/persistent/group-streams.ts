import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@flr/event-store';
import { type EsdbNode, metastreamOf } from '../node';
import type { GroupConfig } from './settings';

export const checkpointStreamOf = (c: GroupConfig) =>
  `$persistentsubscription-${c.eventSource}::${c.group}-checkpoint`;
export const parkedStreamOf = (c: GroupConfig) =>
  `$persistentsubscription-${c.eventSource}::${c.group}-parked`;

/**
 * A group's own streams, as the server keeps them: `$SubscriptionCheckpoint` events in the checkpoint
 * stream (PersistentSubscriptionCheckpointWriter.cs) and `$>` links in the parked stream, truncated
 * with `$tb` once replayed (PersistentSubscriptionMessageParker.cs). Writes are chained in order.
 */
export class GroupStreams {
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly node: EsdbNode,
    private readonly config: GroupConfig,
  ) {}

  private async last(stream: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const e of this.node.store.readStream(stream, { direction: 'backwards', maxCount: 1 }))
        return e;
    } catch {
      return undefined;
    }
    return undefined;
  }

  private enqueue(stream: string, event: Parameters<EsdbNode['store']['appendToStream']>[1][number]): void {
    const write = this.node.store.appendToStream(stream, [event]);
    this.writing = this.writing.then(() => write).catch(() => undefined);
  }

  /** Revision (stream) or position (`$all`, stored as `C:x/P:x`) of the last checkpoint. */
  async readCheckpoint(): Promise<bigint | undefined> {
    const event = await this.last(checkpointStreamOf(this.config));
    if (!event) return undefined;
    const text = String(event.data);
    return BigInt(text.startsWith('C:') ? text.slice(2, text.indexOf('/')) : text);
  }

  writeCheckpoint(sequence: bigint): void {
    const data = this.config.eventSource === '$all' ? `C:${sequence}/P:${sequence}` : Number(sequence);
    this.enqueue(checkpointStreamOf(this.config), {
      id: randomUUID(),
      type: '$SubscriptionCheckpoint',
      data,
    });
  }

  park(stored: RecordedEvent, reason: string): void {
    const link = new Uint8Array(Buffer.from(`${stored.revision}@${stored.stream}`));
    this.enqueue(parkedStreamOf(this.config), {
      id: randomUUID(),
      type: '$>',
      data: link,
      contentType: 'application/octet-stream',
      metadata: { reason },
    });
  }

  /** The first parked revision not yet replayed (the parked stream's `$tb`). */
  async parkedCursor(): Promise<bigint> {
    const meta = await this.last(metastreamOf(parkedStreamOf(this.config)));
    return BigInt((meta?.data as { $tb?: number } | undefined)?.$tb ?? 0);
  }

  async countParked(from: bigint): Promise<bigint> {
    let count = 0n;
    try {
      for await (const e of this.node.store.readStream(parkedStreamOf(this.config)))
        if (e.revision >= from) count++;
    } catch {
      return 0n;
    }
    return count;
  }

  /** Parked targets from `from`, at most `stopAt`; returns them and the next cursor, written as `$tb`. */
  async takeParked(
    from: bigint,
    stopAt: bigint | undefined,
  ): Promise<{ targets: RecordedEvent[]; next: bigint }> {
    const targets: RecordedEvent[] = [];
    let next = from;
    try {
      for await (const link of this.node.store.readStream(parkedStreamOf(this.config), {
        fromRevision: from,
      })) {
        if (stopAt !== undefined && BigInt(targets.length) >= stopAt) break;
        const read = await this.node.resolve(link, true);
        if (read.link) targets.push(read.event);
        next = link.revision + 1n;
      }
    } catch {
      return { targets, next };
    }
    await this.flush();
    await this.node.store.appendToStream(metastreamOf(parkedStreamOf(this.config)), [
      { id: randomUUID(), type: '$metadata', data: { $tb: Number(next) } },
    ]);
    return { targets, next };
  }

  flush(): Promise<unknown> {
    return this.writing;
  }
}
