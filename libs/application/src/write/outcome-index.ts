import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { type Database, open, type RootDatabase } from 'lmdb';
import type { OutcomeEvent } from './commands';
import { type RefusedCommand, readRefusalJournal, type StoredRefusal } from './refusal-journal';

/** What a resend of a command id is answered with: the first outcome, accepted or refused. */
export type StoredOutcome = AcceptedOutcome | RefusedOutcome;

export interface AcceptedOutcome {
  readonly kind: 'accepted';
  /** Fingerprint of the command and body the id was first used with (absent in older logs). */
  fingerprint?: string;
  /** The record time of the command's first event: a resumed run keeps it. */
  registeredAt?: string;
  events: OutcomeEvent[];
  /** The log position of the command's last append (decimal). */
  position: string;
  effectiveFrom?: string;
  contractId?: string;
  periodId?: string;
  reductionId?: string;
  seed?: string;
}

export interface RefusedOutcome {
  readonly kind: 'refused';
  readonly fingerprint: string;
  readonly refusal: StoredRefusal;
}

/**
 * Where the outcome of every command id is kept (API.md idempotency), off the heap. Accepted outcomes
 * are derived from the log (`metadata.commandId`), so the index carries the log position up to which
 * it holds them all: a crash before a write only leaves it behind, and the writer folds the rest of
 * the log into it at start. Refusals wrote nothing to the log: the index is their only record.
 */
export interface OutcomeIndex {
  /** The log position up to which every accepted outcome is in the index (0n: none). */
  head(): bigint;
  get(commandId: string): StoredOutcome | undefined;
  /** Stores the outcomes and the new head together; resolves once they are on disk. */
  write(outcomes: ReadonlyMap<string, StoredOutcome>, head: bigint): Promise<void>;
  close(): Promise<void>;
}

/** Keeps everything in memory (tests and tools that fold the whole log at every start). */
export class MemoryOutcomeIndex implements OutcomeIndex {
  private readonly outcomes = new Map<string, StoredOutcome>();
  private indexedTo = 0n;

  head(): bigint {
    return this.indexedTo;
  }

  get(commandId: string): StoredOutcome | undefined {
    return this.outcomes.get(commandId);
  }

  async write(outcomes: ReadonlyMap<string, StoredOutcome>, head: bigint): Promise<void> {
    for (const [commandId, outcome] of outcomes) this.outcomes.set(commandId, structuredClone(outcome));
    if (head > this.indexedTo) this.indexedTo = head;
  }

  async close(): Promise<void> {}
}

const HEAD_KEY = 'head';

export interface LmdbOutcomeIndexOptions {
  /**
   * The refusal journal of earlier versions (one JSON line per refusal): its refusals are copied into
   * the index at the first open and the file is renamed to `<path>.imported`.
   */
  readonly legacyRefusals?: string;
}

/**
 * The outcome index in its own LMDB environment in the data folder (beside the writer view's snapshot,
 * apart from the event store, so it works the same on the EventStoreDB adapter). Writes are LMDB's
 * batched asynchronous commits on its own thread, synced before their promise resolves.
 */
export class LmdbOutcomeIndex implements OutcomeIndex {
  private constructor(
    private readonly env: RootDatabase,
    private readonly outcomes: Database<StoredOutcome, string>,
    private readonly meta: Database<string, string>,
  ) {}

  static open(path: string, options: LmdbOutcomeIndexOptions = {}): LmdbOutcomeIndex {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    // overlappingSync off: a write's promise resolves once it is synced, not merely committed (a
    // refusal is answered only then).
    const env = open({ path, maxDbs: 2, noSubdir: false, overlappingSync: false });
    const index = new LmdbOutcomeIndex(
      env,
      env.openDB<StoredOutcome, string>({ name: 'outcomes' }),
      env.openDB<string, string>({ name: 'meta' }),
    );
    if (options.legacyRefusals && existsSync(options.legacyRefusals)) {
      index.importRefusals(readRefusalJournal(options.legacyRefusals));
      renameSync(options.legacyRefusals, `${options.legacyRefusals}.imported`);
    }
    return index;
  }

  head(): bigint {
    return BigInt(this.meta.get(HEAD_KEY) ?? '0');
  }

  get(commandId: string): StoredOutcome | undefined {
    return this.outcomes.get(commandId);
  }

  async write(outcomes: ReadonlyMap<string, StoredOutcome>, head: bigint): Promise<void> {
    // Puts issued in one event turn are committed in one transaction (lmdb-js batching): the
    // outcomes and the head land together or not at all.
    const puts = [...outcomes].map(([commandId, outcome]) => this.outcomes.put(commandId, outcome));
    if (head > this.head()) puts.push(this.meta.put(HEAD_KEY, head.toString()));
    await Promise.all(puts);
  }

  async close(): Promise<void> {
    await this.env.close();
  }

  /** A refusal is the first outcome only if the id has none yet (the journal kept the first one too). */
  private importRefusals(refused: readonly RefusedCommand[]): void {
    this.env.transactionSync(() => {
      for (const { commandId, fingerprint, refusal } of refused) {
        if (this.get(commandId)) continue;
        this.outcomes.putSync(commandId, { kind: 'refused', fingerprint, refusal });
      }
    });
  }
}
