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
 * Who is appending, for the backdating rule (API.md: a command's `registeredAt` may not precede facts
 * already recorded on a stream it touches):
 * - `command`: a caller's command; with an explicit `registeredAt` it is refused (409) when that precedes
 *   the latest fact recorded on any stream it appends to.
 * - `daily-job`: the register's own run as of a date, recorded at that date's end (API.md: it "may run for
 *   any date and more than once" and "never undoes earlier work"): never refused; it leaves alone every
 *   stream with a fact recorded after its own record time (`recordedAfter`).
 * - `resume`: finishing a decision recorded before a crash, under that decision's record time: its
 *   streams were checked when it was decided.
 */
export type SessionKind = 'command' | 'daily-job' | 'resume';

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
    readonly kind: SessionKind = 'command',
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

  /** Streams this command was checked against (or appended to) already. */
  private readonly checked = new Set<string>();

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
    await this.refuseBackdating([stream]);
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
    this.checked.add(stream);
    if (result.position > this.position) this.position = result.position;
    if (this.meta.commandId) this.view.outcomes.settle(this.meta.commandId, result.position);
  }

  /**
   * API.md: a caller's `registeredAt` may not precede facts already recorded on a stream the command
   * touches. A backdated command would rewrite history under facts the register already acted on
   * (overlapping links, erased changes); history is corrected by explicit correction commands instead.
   * `append` checks its stream; a command that appends to several streams (a cancellation or reduction
   * moves its members) names them all here before its first append, so a refusal never leaves half a
   * command.
   */
  async refuseBackdating(touched: Iterable<string>): Promise<void> {
    if (this.kind !== 'command' || !this.meta.registeredAt) return; // "now" never precedes the log
    const at = Date.parse(this.registeredAt);
    for (const stream of touched) {
      if (this.checked.has(stream)) continue;
      const last = await this.lastRecorded(stream, true);
      if (at < last) {
        const recordedAt = new Date(last).toISOString();
        throw new RuleRefusal(
          'BACKDATED_COMMAND',
          'API-REGISTERED-AT',
          `registeredAt ${this.registeredAt} precedes ${recordedAt}, when a fact was already recorded on ${describeStream(stream)}, which this command touches; send it with a registeredAt at or after that time (its business dates, such as from or effectiveFrom, may still lie in the past), or correct history with a correction command`,
          { recordedAt },
        );
      }
      this.checked.add(stream);
    }
  }

  /**
   * Whether a fact was recorded on the stream after this session's record time: the daily job for an
   * earlier date leaves such a person or list alone rather than act under a later decision.
   */
  async recordedAfter(stream: string): Promise<boolean> {
    return (await this.lastRecorded(stream, false)) > Date.parse(this.registeredAt);
  }

  /**
   * The latest record time on a stream (epoch ms, 0 when none): persons' from their cached state, the
   * small streams' from the writer view. `forCaller` leaves out the daily job's status recomputations
   * (see `StreamRecordTimes`).
   */
  private async lastRecorded(stream: string, forCaller: boolean): Promise<number> {
    if (stream.startsWith('person-')) {
      const personId = stream.slice('person-'.length);
      await this.view.person(personId);
      return this.view.persons.peek(personId)?.recordedAt ?? 0;
    }
    return forCaller ? this.view.recordTimes.byCaller(stream) : this.view.recordTimes.any(stream);
  }

  outcome(): CommandOutcome {
    return { position: this.position.toString(), events: [...this.events], ...this.extras };
  }
}

/** Names a stream for a refusal message: never a person's identity number (person streams use ids). */
function describeStream(stream: string): string {
  const dash = stream.indexOf('-');
  const kind = stream.slice(0, dash);
  const id = stream.slice(dash + 1);
  if (kind === 'person') return 'the person';
  if (kind === 'contract') return `list ${id}`;
  if (kind === 'gp') return `GP ${id}`;
  if (kind === 'municipality') return `municipality ${id}`;
  return stream;
}
