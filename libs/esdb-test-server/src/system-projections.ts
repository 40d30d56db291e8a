import { createHash, randomUUID } from 'node:crypto';
import type { EventData, EventStore, Position, RecordedEvent, Subscription } from '@flr/event-store';

/** `--run-projections`: `none` (the server's default) or `system` ($by_category, $by_event_type). */
export type RunProjections = 'none' | 'system';

export function parseRunProjections(value: string): RunProjections {
  const lower = value.toLowerCase();
  if (lower === 'none' || lower === 'system') return lower;
  if (lower === 'all') {
    throw new Error(
      '--run-projections=all needs user-defined JavaScript projections, which the test server does not run; use none or system',
    );
  }
  throw new Error(`--run-projections must be none or system, got ${value}`);
}

/** Where the runner resumes after a restart (EventStoreDB keeps one per projection; one serves both here). */
export const SYSTEM_PROJECTIONS_CHECKPOINT_STREAM = '$projections-$system-checkpoint';
const CHECKPOINT_EVERY_EVENTS = 1_000;
const LINK_TYPE = '$>';

/** `$by_category` with its default source (`first`, `-`): the part before the first dash, if any. */
export function categoryOf(stream: string): string | undefined {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : undefined;
}

/** The streams an event is linked into: `$ce-<category>` and `$et-<type>`; none for system events. */
export function linkTargets(event: Pick<RecordedEvent, 'stream' | 'type'>): string[] {
  // Both projections skip system streams and system event types (links, $metadata, ...).
  if (event.stream.startsWith('$') || event.type.startsWith('$')) return [];
  const category = categoryOf(event.stream);
  return [...(category ? [`$ce-${category}`] : []), `$et-${event.type}`];
}

/**
 * A deterministic event id per (target stream, source event): after a restart from an older
 * checkpoint, the re-emitted link has the same id, so the store's idempotency writes it once.
 */
function linkId(target: string, sourceId: string): string {
  const h = createHash('sha1').update(`${target}\u0000${sourceId}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function linkEvent(target: string, event: RecordedEvent): EventData {
  return {
    id: linkId(target, event.id),
    type: LINK_TYPE,
    // The link's body is `revision@stream`, as EventStoreDB writes it; it is not JSON.
    data: new Uint8Array(Buffer.from(`${event.revision}@${event.stream}`, 'utf8')),
    contentType: 'application/octet-stream',
    metadata: { $o: event.stream, $causedBy: event.id },
  };
}

async function lastCheckpoint(store: EventStore): Promise<Position | undefined> {
  try {
    const reads = store.readStream(SYSTEM_PROJECTIONS_CHECKPOINT_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    for await (const event of reads) {
      const position = (event.data as { position?: unknown } | null)?.position;
      return typeof position === 'string' && /^\d+$/.test(position) ? BigInt(position) : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The standard system projections `$by_category` and `$by_event_type`, run over the store's `$all`
 * like the server's projection subsystem with `--run-projections=system`: every user event is linked
 * (`$>` events) into `$ce-<category>` and `$et-<type>`, in `$all` order, so reads with resolveLinkTos
 * and persistent subscriptions on those streams work. Links are eventually consistent, as on the server.
 */
export class SystemProjections {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    const from = (await lastCheckpoint(this.store)) ?? 'start';
    const subscription = this.store.subscribeToAll({ fromPosition: from });
    this.subscription = subscription;
    this.running = this.run(subscription).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** The error that stopped the projections, if any (the server keeps serving, as a faulted projection does). */
  get faulted(): unknown {
    return this.failure;
  }

  private async run(subscription: Subscription): Promise<void> {
    let sinceCheckpoint = 0;
    let last: Position | undefined;
    for await (const message of subscription) {
      if (message.kind === 'event') {
        const event = message.event;
        last = event.position;
        const targets = linkTargets(event);
        await Promise.all(
          targets.map((target) => this.store.appendToStream(target, [linkEvent(target, event)])),
        );
        if (targets.length > 0 && ++sinceCheckpoint >= CHECKPOINT_EVERY_EVENTS) {
          await this.checkpoint(last);
          sinceCheckpoint = 0;
        }
      } else if (message.kind === 'caughtUp' && last !== undefined && sinceCheckpoint > 0) {
        await this.checkpoint(last);
        sinceCheckpoint = 0;
      }
    }
  }

  private async checkpoint(position: Position): Promise<void> {
    await this.store.appendToStream(SYSTEM_PROJECTIONS_CHECKPOINT_STREAM, [
      {
        id: randomUUID(),
        type: '$ProjectionCheckpoint',
        data: { position: position.toString() },
      },
    ]);
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    await this.running;
  }
}
