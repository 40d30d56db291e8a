import { RuleRefusal } from '@flr/domain';
import type { CommandOutcome } from './commands';
import type { AcceptedOutcome, OutcomeIndex, StoredOutcome } from './outcome-index';
import { MemoryOutcomeIndex } from './outcome-index';
import { refusalError, type StoredRefusal } from './refusal-journal';
import type { ViewEvent } from './view-event';

/** Recently used command ids whose outcomes stay in memory (issue 13: bounded memory under soak). */
export const DEFAULT_OUTCOME_CACHE_SIZE = 10_000;
/** Outcomes changed during a catch-up before they are written to the index. */
const WRITE_EVERY = 5_000;

/**
 * Idempotency (API.md): the first outcome of every `commandId`. Accepted outcomes are folded from
 * `metadata.commandId` in the log, refusals recorded when they are answered; both are kept in the
 * outcome index, with only the recently used ones and those not yet written in memory, so memory stays
 * bounded however many commands the register has taken.
 */
export class OutcomeLog {
  /** Recently used outcomes already in the index, least recently used first. */
  private readonly cache = new Map<string, StoredOutcome>();
  /** Outcomes changed since the last write began. */
  private dirty = new Map<string, StoredOutcome>();
  /** Outcomes of the write in progress (the index answers with them only once it is done). */
  private writing = new Map<string, StoredOutcome>();
  private writes: Promise<void> = Promise.resolve();
  /** Events at or before this position are in the index already (written before this start). */
  private indexedTo: bigint;
  /** The last position recorded: every accepted outcome up to it is in memory or in the index. */
  private recordedTo: bigint;

  constructor(
    private readonly index: OutcomeIndex = new MemoryOutcomeIndex(),
    private readonly cacheSize = DEFAULT_OUTCOME_CACHE_SIZE,
  ) {
    this.indexedTo = index.head();
    this.recordedTo = this.indexedTo;
  }

  /** Where the index stands: the writer folds the log after it into `record` before catching up. */
  get indexedHead(): bigint {
    return this.indexedTo;
  }

  /** Outcomes held in memory (the cache, and those not yet written): bounded by the cache size. */
  get inMemory(): number {
    return this.cache.size + this.dirty.size + this.writing.size;
  }

  record(event: ViewEvent): void {
    if (event.position !== null && event.position <= this.indexedTo) return;
    if (event.position !== null && event.position > this.recordedTo) this.recordedTo = event.position;
    const commandId = event.metadata.commandId;
    if (typeof commandId !== 'string') return;
    const found = this.find(commandId);
    // A refusal is the first outcome (nothing was appended under it); a resumed run never overrides it.
    if (found?.kind === 'refused') return;
    // Changed in place only while no write holds it (a write encodes its outcomes when it runs).
    const r: AcceptedOutcome =
      found && this.dirty.get(commandId) === found
        ? found
        : found
          ? copy(found)
          : { kind: 'accepted', events: [], position: '0' };
    const fingerprint = event.metadata.commandFingerprint;
    if (r.fingerprint === undefined && typeof fingerprint === 'string') r.fingerprint = fingerprint;
    if (r.registeredAt === undefined && typeof event.metadata.registeredAt === 'string')
      r.registeredAt = event.metadata.registeredAt;
    r.events.push({ type: event.type, stream: event.stream, revision: Number(event.revision) });
    if (event.position !== null && event.position > BigInt(r.position))
      r.position = event.position.toString();
    const data = event.data as Record<string, unknown>;
    if (event.type === 'PatientListed' && !r.effectiveFrom) r.effectiveFrom = data.from as string;
    if (event.type === 'ContractCreated') r.contractId = data.contractId as string;
    if (event.type === 'DoctorPeriodStarted') r.periodId = data.periodId as string;
    if (event.type === 'ListReductionOrdered') {
      r.reductionId = data.reductionId as string;
      r.seed = data.seed as string;
    }
    this.changed(commandId, r);
  }

  /**
   * After a command's decision: the answer's own fields (the effective date, the new contract's,
   * period's or reduction's id) as the first answer gave them, so a resend answers the same. Derived
   * from the events only where the answer was never given (an outcome folded from the log).
   */
  answered(commandId: string, answer: Omit<CommandOutcome, 'position' | 'events'>): void {
    const r = this.find(commandId);
    if (r?.kind !== 'accepted') return;
    const next = copy(r);
    for (const field of ANSWER_FIELDS) {
      const value = answer[field];
      if (value === undefined) delete next[field];
      else next[field] = value;
    }
    this.changed(commandId, next);
  }

  /** Positions of appends are set once the append returns. */
  settle(commandId: string, position: bigint): void {
    const r = this.find(commandId);
    if (r?.kind === 'accepted' && position > BigInt(r.position))
      this.changed(commandId, { ...copy(r), position: position.toString() });
  }

  /** When the command was first recorded (its first event's registeredAt), if it wrote anything. */
  registeredAtOf(commandId: string): string | undefined {
    const r = this.find(commandId);
    return r?.kind === 'accepted' ? r.registeredAt : undefined;
  }

  /** Remembers a refusal; resolves once it is in the index, so a resend after a restart is refused too. */
  async refused(commandId: string, refusal: StoredRefusal, fingerprint: string): Promise<void> {
    this.changed(commandId, { kind: 'refused', fingerprint, refusal });
    await this.flush();
  }

  /**
   * The first outcome, or the first refusal (thrown), or undefined for a new command id. The same id
   * with another command or body is refused: answering it with the first command's outcome would
   * tell the caller that a command was carried out when it never was.
   */
  lookup(commandId: string, fingerprint: string): CommandOutcome | undefined {
    const r = this.find(commandId);
    if (!r) return undefined;
    if (r.kind === 'refused') {
      if (r.fingerprint !== fingerprint) throw keyReused(commandId);
      throw refusalError(r.refusal);
    }
    if (r.fingerprint !== undefined && r.fingerprint !== fingerprint) throw keyReused(commandId);
    const { kind: _kind, fingerprint: _first, registeredAt: _at, events, ...rest } = r;
    return { ...rest, events: events.map((e) => ({ ...e })) };
  }

  /**
   * After a command: starts writing its outcome. Accepted outcomes are in the log already, so nobody
   * waits for the write, unless more outcomes wait to be written than the cache holds (commands come
   * faster than the disk syncs): then the writer waits, so memory stays bounded. A failed write is
   * retried with the next one; a crash leaves the index behind the log, and the next start folds the rest.
   */
  async written(): Promise<void> {
    const write = this.flush().catch(() => undefined);
    if (this.dirty.size + this.writing.size > this.cacheSize) await write;
  }

  /** During a catch-up: whether enough outcomes changed to write them now (a long fold stays bounded). */
  get manyChanged(): boolean {
    return this.dirty.size >= WRITE_EVERY;
  }

  /**
   * Writes the changed outcomes and the position recorded so far to the index; resolves once they are
   * on disk. Writes run one after another. A failed write keeps its outcomes for the next one (the log
   * still holds every accepted outcome, and the index's head stays behind it).
   */
  flush(): Promise<void> {
    const run = this.writes.then(async () => {
      if (this.dirty.size === 0 && this.recordedTo <= this.index.head()) return;
      this.writing = this.dirty;
      this.dirty = new Map();
      const head = this.recordedTo;
      try {
        await this.index.write(this.writing, head);
      } catch (error) {
        for (const [commandId, outcome] of this.writing)
          if (!this.dirty.has(commandId)) this.dirty.set(commandId, outcome);
        throw error;
      } finally {
        const written = this.writing;
        this.writing = new Map();
        for (const [commandId, outcome] of written)
          if (!this.dirty.has(commandId)) this.remember(commandId, outcome);
      }
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Writes what is left and closes the index. */
  async close(): Promise<void> {
    await this.flush();
    await this.index.close();
  }

  private find(commandId: string): StoredOutcome | undefined {
    const pending = this.dirty.get(commandId) ?? this.writing.get(commandId);
    if (pending) return pending;
    const cached = this.cache.get(commandId);
    if (cached) {
      this.cache.delete(commandId);
      this.cache.set(commandId, cached);
      return cached;
    }
    const stored = this.index.get(commandId);
    if (stored) this.remember(commandId, stored);
    return stored;
  }

  private changed(commandId: string, outcome: StoredOutcome): void {
    this.cache.delete(commandId);
    this.dirty.set(commandId, outcome);
  }

  private remember(commandId: string, outcome: StoredOutcome): void {
    this.cache.delete(commandId);
    this.cache.set(commandId, outcome);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

const ANSWER_FIELDS = ['effectiveFrom', 'contractId', 'periodId', 'reductionId', 'seed'] as const;

function copy(r: AcceptedOutcome): AcceptedOutcome {
  return { ...r, events: [...r.events] };
}

function keyReused(commandId: string): RuleRefusal {
  return new RuleRefusal(
    'IDEMPOTENCY_KEY_REUSED',
    'API-IDEMPOTENCY',
    `commandId ${commandId} was already used for a different command or body; use a new commandId`,
  );
}
