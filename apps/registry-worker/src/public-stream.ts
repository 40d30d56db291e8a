import type { EventStore } from '@flr/event-store';
import type { ReadModelReader } from '@flr/projection-runtime';
import { readFeed, type StoredPublicEvent } from '@flr/projections';
import { v5 as uuidv5 } from 'uuid';

/** The dedicated public stream downstream EventStoreDB consumers read (docs/downstream.md). */
export const PUBLIC_STREAM = 'flr-public-events';
/** The persistent subscription group the worker creates on it for work-queue consumers. */
export const DOWNSTREAM_GROUP = 'flr-downstream';
/** Namespace of the deterministic event ids: one feed position always becomes the same event id. */
const PUBLIC_EVENT_NAMESPACE = '4f7d2c1e-9a5b-4e3f-8c6d-2b1a0f9e8d7c';
const BATCH = 500;

export interface PublishedMetadata extends Record<string, unknown> {
  readonly feedPosition: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
}

/**
 * Copies the public feed (the `public-events` read model, the same records `GET /v1/events` serves)
 * into PUBLIC_STREAM, in feed order. The stream's last event says how far publishing got, and each
 * batch is appended at the exact expected revision, so a restart or a second worker can neither skip
 * nor duplicate an event.
 */
export class PublicStreamPublisher {
  constructor(
    private readonly store: EventStore,
    private readonly feed: () => ReadModelReader,
  ) {}

  private async lastPublished(): Promise<{ position: string | null; revision: bigint | 'no_stream' }> {
    try {
      for await (const event of this.store.readStream(PUBLIC_STREAM, {
        direction: 'backwards',
        maxCount: 1,
      })) {
        return { position: (event.metadata as PublishedMetadata).feedPosition, revision: event.revision };
      }
    } catch (error) {
      if ((error as Error).name !== 'StreamNotFoundError') throw error;
    }
    return { position: null, revision: 'no_stream' };
  }

  /** Publishes what the feed has beyond the stream's end; returns how many events were appended. */
  async publishOnce(): Promise<number> {
    const last = await this.lastPublished();
    const batch: StoredPublicEvent[] = readFeed(this.feed(), last.position, BATCH);
    if (batch.length === 0) return 0;
    const events = batch.map((e) => ({
      id: uuidv5(e.position, PUBLIC_EVENT_NAMESPACE),
      type: e.type,
      data: e.data,
      metadata: { feedPosition: e.position, schemaVersion: e.schemaVersion, recordedAt: e.recordedAt },
    }));
    await this.store.appendToStream(PUBLIC_STREAM, events, { expectedRevision: last.revision });
    return batch.length;
  }

  /** Publishes until the feed is exhausted. */
  async publishAll(): Promise<number> {
    let total = 0;
    for (let n = await this.publishOnce(); n > 0; n = await this.publishOnce()) total += n;
    return total;
  }
}
