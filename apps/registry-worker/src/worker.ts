import { Logger } from '@nestjs/common';
import type { EventStore } from '@flr/event-store';
import type { ProjectionRuntime } from '@flr/projection-runtime';
import { PUBLIC_EVENTS } from '@flr/projections';
import { ensureDownstreamGroup } from './downstream-group';
import { PublicStreamPublisher } from './public-stream';
import type { LocalReplica } from './replica/replicator';

export interface WorkerOptions {
  readonly store: EventStore;
  readonly runtime: ProjectionRuntime;
  readonly connectionString: string;
  /** The local replica the runtime reads (started before it, stopped after it). */
  readonly replica?: LocalReplica;
  /** How often the public stream is topped up from the feed. */
  readonly publishIntervalMs?: number;
}

/**
 * The production worker: runs the projections against EventStoreDB (the runtime keeps each
 * checkpoint in the same LMDB transaction as its read model) and publishes the public feed to the
 * public stream for EventStoreDB consumers.
 */
export class RegistryWorker {
  private readonly logger = new Logger('Worker');
  private readonly publisher: PublicStreamPublisher;
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<unknown> = Promise.resolve();
  private lastError: string | null = null;

  constructor(private readonly options: WorkerOptions) {
    this.publisher = new PublicStreamPublisher(options.store, () => options.runtime.reader(PUBLIC_EVENTS));
  }

  async start(): Promise<void> {
    await this.options.replica?.start();
    await this.options.runtime.start();
    this.logger.log(`downstream group: ${await ensureDownstreamGroup(this.options.connectionString)}`);
    this.timer = setInterval(() => this.tick(), this.options.publishIntervalMs ?? 1000);
  }

  private tick(): void {
    this.publishing = this.publishing.then(() =>
      this.publisher.publishAll().then(
        () => (this.lastError = null),
        (error: unknown) => {
          this.lastError = error instanceof Error ? error.message : String(error);
          this.logger.warn(`publishing the public stream failed, retrying: ${this.lastError}`);
        },
      ),
    );
  }

  /** Health: projections not failed and publishing working. */
  health(): { ok: boolean; projections: unknown[]; publishError: string | null } {
    const projections = this.options.runtime.status();
    const replicaError = this.options.replica?.error;
    const ok =
      this.lastError === null && replicaError === undefined && projections.every((p) => p.state !== 'failed');
    return { ok, projections, publishError: this.lastError };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
    await this.options.runtime.stop();
    if (this.options.replica) {
      await this.options.replica.stop();
      await this.options.replica.local.close();
    }
    await this.options.store.close();
  }
}
