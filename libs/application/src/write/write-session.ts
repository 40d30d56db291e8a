import { randomUUID } from 'node:crypto';
import {
  type BusinessDate,
  type Instant,
  type RegisterEvent,
  type RegisterRules,
  osloDateOf,
  RuleRefusal,
} from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { CommandMeta, CommandOutcome, OutcomeEvent } from './commands';
import type { WriterView } from './writer-view';

/** Namespace for deterministic event ids of process-manager steps (uuid v5). */
export const FLR_EVENT_NAMESPACE = '6f0b8f7e-3f7c-5a55-9d36-7b0c1f2a9e41';

export function deterministicId(...parts: string[]): string {
  return uuidv5(parts.join(':'), FLR_EVENT_NAMESPACE);
}

/**
 * Issue 13: the most persons long work (daily job, many-person decision) handles in one turn of the
 * writer before commands queued meanwhile are let in, and the longest it keeps the turn (ms).
 */
export const SLICE_PERSONS = 25;
export const SLICE_MS = 20;

export interface AppendOptions {
  /** Process-manager steps: ids derived from the decision and the person, so a retry is a no-op. */
  readonly decisionId?: string;
  readonly idSeed?: string;
}

/**
 * One command's unit of work inside the single writer: the time it was registered, its metadata,
 * and appends that update the writer view and collect the outcome.
 */
export class WriteSession {
  readonly registeredAt: Instant;
  readonly today: BusinessDate;
  private readonly events: OutcomeEvent[] = [];
  private position: bigint;
  extras: Partial<Omit<CommandOutcome, 'position' | 'events'>> = {};
  private personsInSlice = 0;
  private sliceStarted = performance.now();

  constructor(
    private readonly store: EventStore,
    readonly view: WriterView,
    readonly rules: RegisterRules,
    readonly meta: CommandMeta,
    now: Date,
    /** Gives the writer's turn to queued commands and waits for it again (default: keep the turn). */
    private readonly yieldTurn: () => Promise<void> = async () => undefined,
  ) {
    this.registeredAt = meta.registeredAt ?? now.toISOString();
    this.today = osloDateOf(this.registeredAt);
    this.position = view.head;
  }

  /**
   * Long work calls this before each person it handles: after `SLICE_PERSONS` persons or `SLICE_MS`
   * the queued commands go first. Whoever calls it must decide each person afresh afterwards, from
   * the writer view as those commands left it.
   */
  async nextPerson(): Promise<void> {
    this.personsInSlice++;
    if (this.personsInSlice <= SLICE_PERSONS && performance.now() - this.sliceStarted < SLICE_MS) return;
    await this.yieldTurn();
    this.personsInSlice = 1;
    this.sliceStarted = performance.now();
  }

  /** Last record time per stream, read once per session (own appends move it forward). */
  private readonly recordedUntil = new Map<string, string>();

  get appended(): number {
    return this.events.length;
  }

  newId(): string {
    return randomUUID();
  }

  /** A stream's recorded events with their ids and metadata (a correction looks for the wrong fact). */
  readStream(stream: string) {
    return this.store.readStream(stream);
  }

  async append(stream: string, events: readonly RegisterEvent[], options: AppendOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const metadata: Record<string, unknown> = {
      actor: this.meta.actor,
      correlationId: this.meta.correlationId ?? this.meta.commandId ?? randomUUID(),
      causationId: this.meta.causationId ?? this.meta.commandId ?? randomUUID(),
      registeredAt: this.registeredAt,
    };
    if (this.meta.commandId) metadata.commandId = this.meta.commandId;
    if (this.meta.commandId && this.meta.commandFingerprint)
      metadata.commandFingerprint = this.meta.commandFingerprint;
    if (options.decisionId) metadata.decisionId = options.decisionId;
    const seed = options.idSeed ?? options.decisionId;
    // The expected revision of a person stream comes from its (loaded) state.
    if (stream.startsWith('person-')) await this.view.person(stream.slice('person-'.length));
    const expected = this.view.revisionOf(stream);
    // Checked before the command's first append only, so a refusal never leaves half a command.
    if (this.events.length === 0) await this.refuseBackdating(stream, expected);
    // Deterministic ids include the stream's revision: only an identical retry is de-duplicated.
    const data = events.map((e, i) => ({
      id: seed ? deterministicId(seed, stream, String(expected), String(i)) : randomUUID(),
      type: e.type,
      data: e.data,
      metadata,
    }));
    const result = await this.store.appendToStream(stream, data, { expectedRevision: expected });
    const first = result.nextExpectedRevision - BigInt(events.length - 1);
    events.forEach((e, i) => {
      const revision = first + BigInt(i);
      this.view.apply(
        { stream, type: e.type, data: e.data, metadata, revision, position: result.position },
        true,
      );
      this.events.push({ type: e.type, stream, revision: Number(revision) });
    });
    this.recordedUntil.set(stream, this.registeredAt);
    if (result.position > this.position) this.position = result.position;
    if (this.meta.commandId) this.view.outcomes.settle(this.meta.commandId, result.position);
  }

  /**
   * API.md: `registeredAt` may not precede facts already recorded on a stream the command touches.
   * A backdated command would rewrite history under facts the register already acted on (overlapping
   * links, erased changes); history is corrected by explicit correction commands instead.
   */
  private async refuseBackdating(stream: string, expected: bigint | 'no_stream'): Promise<void> {
    if (expected === 'no_stream' || !this.meta.registeredAt) return; // "now" never precedes the log
    // Person streams only for now: the daily job and process managers stamp contract streams with
    // the run's own clock, so a contract's last record time is not yet a caller's fact (issue 9).
    if (!stream.startsWith('person-')) return;
    const checked = this.recordedUntil.get(stream);
    let last = checked;
    if (last === undefined) {
      for await (const e of this.store.readStream(stream, { fromRevision: expected, maxCount: 1 }))
        last = typeof e.metadata?.registeredAt === 'string' ? e.metadata.registeredAt : '';
      this.recordedUntil.set(stream, last ?? '');
    }
    if (!last || Date.parse(this.registeredAt) >= Date.parse(last)) return;
    throw new RuleRefusal(
      'BACKDATED_COMMAND',
      'API-REGISTERED-AT',
      `registeredAt ${this.registeredAt} precedes ${last}, when a fact was already recorded on a ${streamKind(stream)} this command touches; correct history with a correction command, not by backdating`,
      { recordedAt: last },
    );
  }

  outcome(): CommandOutcome {
    return { position: this.position.toString(), events: [...this.events], ...this.extras };
  }
}

function streamKind(stream: string): string {
  const kind = stream.slice(0, stream.indexOf('-'));
  return kind === 'gp' ? 'GP' : kind || 'stream';
}
