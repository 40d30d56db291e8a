import { createHash } from 'node:crypto';
import { InvalidInput, type RegisterRules, RuleRefusal, UnknownResource } from '@flr/domain';
import {
  type EventStore,
  isInfrastructureStream,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '@flr/event-store';
import type { CommandMeta, CommandOutcome, RegisterCommand } from './commands';
import { contractCommand } from './contract-handlers';
import { dailyJobRecordTime, runDailyJob } from './daily-job';
import { correctFact } from './correction-handler';
import { personCommand, registerPerson } from './person-handlers';
import {
  correctRenumbering,
  registerGp,
  renumberMunicipality,
  setAutoAssignment,
  updateGp,
} from './register-handlers';
import { completeDecision } from './process-manager';
import { MemoryOutcomeIndex, type OutcomeIndex } from './outcome-index';
import { storedRefusal } from './refusal-journal';
import type { ViewEvent } from './view-event';
import { type SessionKind, WriteSession } from './write-session';
import { WriterTurns } from './writer-turns';
import { WriterView, type WriterViewOptions } from './writer-view';
import { type WriterSnapshotOptions, WriterSnapshots } from './writer-snapshots';

export interface CommandProcessorOptions {
  readonly store: EventStore;
  readonly rules: RegisterRules;
  readonly clock?: () => Date;
  /** Person states kept in memory (default 100,000); the rest are read from their streams on demand. */
  readonly personCacheSize?: number;
  /**
   * Keeps the outcome of every commandId, accepted or refused, across restarts (default: in memory,
   * for tests and tools: accepted outcomes are folded from the log again at every start, refusals are
   * forgotten). The processor closes it on `stop`.
   */
  readonly outcomes?: OutcomeIndex;
  /** Recently used command outcomes kept in memory besides the index (default 10,000). */
  readonly outcomeCacheSize?: number;
  /** Snapshot the writer view into a file and start from it (default: none, fold the whole log). */
  readonly snapshot?: WriterSnapshotOptions;
}

/** How the last start went: where the view came from and how many events it folded from the log. */
export interface WriterStartReport {
  readonly restoredAt: bigint | null;
  readonly caughtUpEvents: number;
}

/**
 * The single writer (DESIGN §3.3): one queue, each command decided in order against the up-to-date
 * writer view and appended with the stream's expected revision. Many-person decisions are completed
 * by the process manager inside the same turn, and resumed at start-up after a crash.
 */
export class CommandProcessor {
  private currentView: WriterView;
  private readonly viewOptions: WriterViewOptions;
  private readonly snapshots: WriterSnapshots | undefined;
  private startReport: WriterStartReport | undefined;
  private readonly turns = new WriterTurns();
  /** Long work runs one at a time (each re-checks persons between its slices, never two interleaved). */
  private longWork: Promise<unknown> = Promise.resolve();
  /** Commands with an id still being carried out (a resend waits for the first run to finish). */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private starting: Promise<void> | null = null;
  private resumeAtStart = true;
  private readonly store: EventStore;
  private readonly rules: RegisterRules;
  private readonly clock: () => Date;

  constructor(options: CommandProcessorOptions) {
    this.store = options.store;
    this.rules = options.rules;
    this.clock = options.clock ?? (() => new Date());
    this.viewOptions = {
      readStream: (stream) => this.store.readStream(stream),
      personCacheSize: options.personCacheSize,
      outcomeIndex: options.outcomes ?? new MemoryOutcomeIndex(),
      outcomeCacheSize: options.outcomeCacheSize,
    };
    this.currentView = new WriterView(this.viewOptions);
    this.snapshots = options.snapshot && new WriterSnapshots(options.snapshot);
  }

  /** The writer's view (replaced once at start when it comes from a snapshot). */
  get view(): WriterView {
    return this.currentView;
  }

  /** Set once `start` has finished. */
  get lastStart(): WriterStartReport | undefined {
    return this.startReport;
  }

  /**
   * Restores the writer view from its snapshot (when there is a valid one), folds the rest of `$all`
   * into it, then finishes decisions a crash left half done (unless `resumeDecisionsOnlyWhenTold`).
   */
  start(): Promise<void> {
    this.starting ??= this.enqueue(async () => {
      const restored = this.snapshots?.load(this.viewOptions);
      if (restored) this.currentView = restored;
      const restoredAt = restored ? restored.head : null;
      await this.catchUpOutcomes();
      const caughtUpEvents = await this.catchUp();
      this.view.compact();
      await this.view.outcomes.flush();
      this.startReport = { restoredAt, caughtUpEvents };
      if (this.snapshots?.due(this.view)) this.snapshots.save(this.view);
      if (this.resumeAtStart) await this.finishUnfinishedDecisions();
    });
    return this.starting;
  }

  /**
   * Among API replicas only the writer-lease holder may carry out decisions (DESIGN §4): a follower's
   * start must not resume the half-done reductions and cancellations it sees in the log. Call before
   * `start`; the lease holder then calls `resumeDecisions` when it becomes the writer.
   */
  resumeDecisionsOnlyWhenTold(): void {
    this.resumeAtStart = false;
  }

  /**
   * Catches up with the log, then finishes every decision left half done (by a crash, or by a writer
   * that lost its lease); queued like a command. Resolves with how many decisions it took up.
   */
  resumeDecisions(): Promise<number> {
    if (!this.starting) void this.start();
    return this.enqueue(async () => {
      await this.starting;
      await this.catchUp();
      return this.finishUnfinishedDecisions();
    });
  }

  private async finishUnfinishedDecisions(): Promise<number> {
    const unfinished = this.view.decisions.unfinished();
    for (const decisionId of unfinished) {
      // The moves belong to the decision's command and its record time, not to this restart.
      const origin = this.view.decisions.origin(decisionId);
      const session = this.session(
        {
          actor: 'process-manager',
          causationId: decisionId,
          correlationId: origin.correlationId ?? decisionId,
          registeredAt: origin.registeredAt,
          commandId: origin.commandId,
          commandFingerprint: origin.commandFingerprint,
        },
        'resume',
      );
      await completeDecision(session, decisionId);
    }
    return unfinished.length;
  }

  /** Reads events appended by someone else (tests, imports) into the writer view. */
  refresh(): Promise<void> {
    return this.enqueue(async () => {
      await this.catchUp();
    });
  }

  /** Waits for every queued command to finish, then snapshots the view (when configured). */
  async stop(): Promise<void> {
    await this.turns.idle();
    if (this.snapshots && this.startReport) {
      const snapshots = this.snapshots;
      await this.enqueue(async () => snapshots.save(this.view));
    }
    await this.view.outcomes.close();
  }

  execute(command: RegisterCommand, given: CommandMeta): Promise<CommandOutcome> {
    // Never decide against an empty view: the first command waits for the rebuild.
    if (!this.starting) void this.start();
    const fingerprint = commandFingerprint(command, given.registeredAt);
    const dated: CommandMeta =
      command.type === 'RunDailyJob' && !given.registeredAt
        ? {
            ...given,
            registeredAt: dailyJobRecordTime(command.date, this.clock()),
          }
        : given;
    const meta: CommandMeta = dated.commandId ? { ...dated, commandFingerprint: fingerprint } : dated;
    const long = LONG_WORK.has(command.type);
    const work = (yieldTurn: () => Promise<void>) =>
      this.decide(command, meta, fingerprint, long ? yieldTurn : undefined);
    const earlier = meta.commandId ? this.inFlight.get(meta.commandId) : undefined;
    // A short command with nothing to wait for takes its place in the queue at once (arrival order).
    if (!long && !earlier) return this.enqueue(work);
    const waitFor = [long ? this.longWork : undefined, earlier].map((p) => p?.catch(() => undefined));
    const run = Promise.all(waitFor).then(() => this.enqueue(work));
    if (long) this.longWork = run.catch(() => undefined);
    if (meta.commandId) {
      const id = meta.commandId;
      this.inFlight.set(id, run);
      const forget = () => {
        if (this.inFlight.get(id) === run) this.inFlight.delete(id);
      };
      run.then(forget, forget);
    }
    return run;
  }

  /**
   * One command in the writer's turn. Long work (`yieldTurn` given) lets queued commands in between
   * its slices of persons; it waits for an earlier run of the same command id before it starts, so a
   * resend never runs alongside the first run.
   */
  private async decide(
    command: RegisterCommand,
    meta: CommandMeta,
    fingerprint: string,
    yieldTurn: (() => Promise<void>) | undefined,
  ): Promise<CommandOutcome> {
    await this.starting;
    if (meta.commandId) {
      const first = this.view.outcomes.lookup(meta.commandId, fingerprint);
      if (first && !unfinishedDailyJob(command, first)) return first;
      if (first) return this.resumeDailyJob(command as DailyJobCommand, meta, fingerprint, yieldTurn);
    }
    const session = this.session(meta, command.type === 'RunDailyJob' ? 'daily-job' : 'command', yieldTurn);
    try {
      await this.dispatch(session, command);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) await this.catchUp();
      const refusal =
        error instanceof RuleRefusal || error instanceof UnknownResource || error instanceof InvalidInput;
      const stored = refusal && meta.commandId && session.appended === 0 ? storedRefusal(error) : null;
      // Durable before it is answered: a resend after a restart is refused the same way.
      if (stored) await this.view.outcomes.refused(meta.commandId!, stored, fingerprint);
      else await this.view.outcomes.written();
      throw error;
    }
    const outcome = session.outcome();
    if (meta.commandId) {
      const { position: _position, events: _events, ...answer } = outcome;
      this.view.outcomes.answered(meta.commandId, answer);
    }
    await this.view.outcomes.written();
    if (this.snapshots?.due(this.view)) void this.enqueue(async () => this.snapshots?.save(this.view));
    return outcome;
  }

  /**
   * A daily job whose first run was cut short (a crash) carries on under the first run's record time
   * and answers once every placement is done; placed people are no longer candidates, so nothing is
   * placed twice.
   */
  private async resumeDailyJob(
    command: DailyJobCommand,
    meta: CommandMeta,
    fingerprint: string,
    yieldTurn: (() => Promise<void>) | undefined,
  ): Promise<CommandOutcome> {
    const commandId = meta.commandId!;
    const registeredAt = this.view.outcomes.registeredAtOf(commandId) ?? meta.registeredAt;
    await runDailyJob(this.session({ ...meta, registeredAt }, 'daily-job', yieldTurn), command.date);
    return this.view.outcomes.lookup(commandId, fingerprint)!;
  }

  private enqueue<T>(work: (yieldTurn: () => Promise<void>) => Promise<T>): Promise<T> {
    return this.turns.run(work);
  }

  private session(meta: CommandMeta, kind: SessionKind, yieldTurn?: () => Promise<void>): WriteSession {
    return new WriteSession(this.store, this.view, this.rules, meta, this.clock(), kind, yieldTurn);
  }

  /**
   * When the outcome index is behind the view restored from its snapshot (a crash before its last
   * write), folds the log between them into the outcomes alone; `catchUp` carries on from the view.
   */
  private async catchUpOutcomes(): Promise<void> {
    const outcomes = this.view.outcomes;
    const from = outcomes.indexedHead;
    const logHead = await this.store.headPosition();
    if (from > logHead)
      throw new Error(
        `The command outcome index holds outcomes up to log position ${from}, but the log ends at ${logHead}: the index belongs to another event log. Move the outcome index folder away (idempotency answers are then folded from this log) and start again.`,
      );
    if (from >= this.view.head) return;
    for await (const e of this.store.readAll({ fromPosition: from === 0n ? 'start' : from + 1n })) {
      if (e.position > this.view.head) break;
      if (!isRegisterEvent(e)) continue;
      outcomes.record(viewEvent(e));
      if (outcomes.manyChanged) await outcomes.flush();
    }
  }

  /** Applies events the writer has not seen (start-up, or another writer's append); returns how many. */
  private async catchUp(): Promise<number> {
    let applied = 0;
    const fromPosition = this.view.head === 0n ? 'start' : this.view.head + 1n;
    for await (const e of this.store.readAll({ fromPosition })) {
      if (e.position <= this.view.head && this.view.head !== 0n) continue;
      if (!isRegisterEvent(e)) continue;
      this.view.apply(viewEvent(e));
      applied++;
      if (this.view.outcomes.manyChanged) await this.view.outcomes.flush();
    }
    return applied;
  }

  private async dispatch(s: WriteSession, command: RegisterCommand): Promise<void> {
    switch (command.type) {
      case 'RegisterPerson':
        return registerPerson(s, command);
      case 'RecordMove':
      case 'RecordDeath':
      case 'RecordEmigration':
      case 'OptOut':
      case 'OptIn':
      case 'ChangeNin':
      case 'AssignPatient':
      case 'ChangeGp':
      case 'JoinWaitingList':
      case 'LeaveWaitingList':
      case 'RemoveFromList':
        return personCommand(s, command);
      case 'CorrectFact':
        return correctFact(s, command);
      case 'CreateContract':
      case 'ChangeListCeiling':
      case 'ChangeListStatus':
      case 'StartDoctorPeriod':
      case 'EndDoctorPeriod':
      case 'ReduceList':
      case 'CancelContract':
      case 'UpdateContract':
        return contractCommand(s, command);
      case 'RegisterGp':
        return registerGp(s, command);
      case 'UpdateGp':
        return updateGp(s, command);
      case 'CorrectRenumbering':
        return correctRenumbering(s, command);
      case 'RenumberMunicipality':
        return renumberMunicipality(s, command);
      case 'SetAutoAssignment':
        return setAutoAssignment(s, command);
      case 'RunDailyJob':
        return runDailyJob(s, command.date);
      default: {
        const never: never = command;
        return never;
      }
    }
  }
}

/** The register's own events in `$all` (not system events, binary ones or infrastructure streams). */
function isRegisterEvent(e: RecordedEvent): boolean {
  return !e.type.startsWith('$') && e.isJson && !isInfrastructureStream(e.stream);
}

function viewEvent(e: RecordedEvent): ViewEvent {
  return {
    stream: e.stream,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    revision: e.revision,
    position: e.position,
  };
}

type DailyJobCommand = Extract<RegisterCommand, { type: 'RunDailyJob' }>;

/** Commands that may move many people: carried out in slices, one at a time (issue 13). */
const LONG_WORK: ReadonlySet<RegisterCommand['type']> = new Set([
  'RunDailyJob',
  'ReduceList',
  'CancelContract',
]);

/** A daily job's run ends with DailyJobCompleted; an outcome without it was cut short. */
function unfinishedDailyJob(command: RegisterCommand, outcome: CommandOutcome): boolean {
  return command.type === 'RunDailyJob' && !outcome.events.some((e) => e.type === 'DailyJobCompleted');
}

/** A stable hash of what a caller asked for: the command with its fields in sorted order. */
export function commandFingerprint(command: RegisterCommand, registeredAt: string | undefined): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify([canonical(command), registeredAt ?? null]))
    .digest('base64url')
    .slice(0, 22);
}
