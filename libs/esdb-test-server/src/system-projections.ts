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

export type SystemProjectionName = '$by_category' | '$by_event_type';
export const SYSTEM_PROJECTION_NAMES: readonly SystemProjectionName[] = ['$by_category', '$by_event_type'];

/** Where a projection resumes after a restart, as EventStoreDB names it. */
export const checkpointStreamOf = (name: SystemProjectionName) => `$projections-${name}-checkpoint`;
/** Enabled / disabled, as set with the Projections service's Enable and Disable. */
const stateStreamOf = (name: SystemProjectionName) => `$projections-${name}`;
const CHECKPOINT_EVERY_EVENTS = 1_000;
const LINK_TYPE = '$>';

/** `$by_category` with its default source (`first`, `-`): the part before the first dash, if any. */
export function categoryOf(stream: string): string | undefined {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : undefined;
}

/** The stream a projection links an event into: `$ce-<category>` or `$et-<type>`; none for system events. */
export function linkTarget(name: SystemProjectionName, event: Pick<RecordedEvent, 'stream' | 'type'>) {
  // Both projections skip system streams and system event types (links, $metadata, ...).
  if (event.stream.startsWith('$') || event.type.startsWith('$')) return undefined;
  if (name === '$by_event_type') return `$et-${event.type}`;
  const category = categoryOf(event.stream);
  return category ? `$ce-${category}` : undefined;
}

/** Both projections' targets for an event, in the order $by_category, $by_event_type. */
export function linkTargets(event: Pick<RecordedEvent, 'stream' | 'type'>): string[] {
  return SYSTEM_PROJECTION_NAMES.flatMap((name) => linkTarget(name, event) ?? []);
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

async function lastData(store: EventStore, stream: string): Promise<Record<string, unknown> | undefined> {
  try {
    for await (const event of store.readStream(stream, { direction: 'backwards', maxCount: 1 }))
      return (event.data ?? undefined) as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
  return undefined;
}

async function lastCheckpoint(store: EventStore, name: SystemProjectionName): Promise<Position | undefined> {
  const position = (await lastData(store, checkpointStreamOf(name)))?.position;
  return typeof position === 'string' && /^\d+$/.test(position) ? BigInt(position) : undefined;
}

/**
 * One standard system projection (`$by_category` or `$by_event_type`) run over the store's `$all`
 * like the server's projection subsystem: every user event is linked (`$>` events) into its target
 * stream, in `$all` order, so reads with resolveLinkTos and persistent subscriptions on those streams
 * work. Links are eventually consistent, as on the server.
 */
class SystemProjection {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  failure: unknown;

  constructor(
    readonly name: SystemProjectionName,
    private readonly store: EventStore,
  ) {}

  get started(): boolean {
    return this.subscription !== undefined;
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    const from = (await lastCheckpoint(this.store, this.name)) ?? 'start';
    const subscription = this.store.subscribeToAll({ fromPosition: from });
    this.subscription = subscription;
    this.running = this.run(subscription).catch((error: unknown) => {
      this.failure = error;
    });
  }

  private async run(subscription: Subscription): Promise<void> {
    let sinceCheckpoint = 0;
    let last: Position | undefined;
    for await (const message of subscription) {
      if (message.kind === 'event') {
        const event = message.event;
        last = event.position;
        const target = linkTarget(this.name, event);
        if (!target) continue;
        await this.store.appendToStream(target, [linkEvent(target, event)]);
        if (++sinceCheckpoint >= CHECKPOINT_EVERY_EVENTS) {
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
    await this.store.appendToStream(checkpointStreamOf(this.name), [
      { id: randomUUID(), type: '$ProjectionCheckpoint', data: { position: position.toString() } },
    ]);
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
    await this.running;
  }
}

/**
 * The system projections of `--run-projections=system`. As on the server they exist stopped unless
 * `--start-standard-projections` (default false); the Projections service's Enable and Disable
 * start and stop each one, and the choice survives a restart (`$projections-<name>`).
 */
export class SystemProjections {
  private readonly projections: Map<SystemProjectionName, SystemProjection>;

  constructor(
    private readonly store: EventStore,
    private readonly startStandard = false,
  ) {
    this.projections = new Map(
      SYSTEM_PROJECTION_NAMES.map((name) => [name, new SystemProjection(name, store)]),
    );
  }

  static isSystemProjection(name: string): name is SystemProjectionName {
    return (SYSTEM_PROJECTION_NAMES as readonly string[]).includes(name);
  }

  async start(): Promise<void> {
    for (const projection of this.projections.values()) {
      const enabled = (await lastData(this.store, stateStreamOf(projection.name)))?.enabled;
      if (enabled === true || (enabled === undefined && this.startStandard)) await projection.start();
    }
  }

  /** Projections/Enable and Disable of a system projection. */
  async setEnabled(name: SystemProjectionName, enabled: boolean): Promise<void> {
    await this.store.appendToStream(stateStreamOf(name), [
      { id: randomUUID(), type: '$ProjectionUpdated', data: { enabled } },
    ]);
    const projection = this.projections.get(name)!;
    if (enabled) await projection.start();
    else await projection.stop();
  }

  /** The error that stopped a projection, if any (the server keeps serving, as a faulted projection does). */
  get faulted(): unknown {
    return [...this.projections.values()].find((p) => p.failure !== undefined)?.failure;
  }

  async stop(): Promise<void> {
    for (const projection of this.projections.values()) await projection.stop();
  }

  /** Projections/RestartSubsystem: every projection stops, and the enabled ones resume from their checkpoints. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
