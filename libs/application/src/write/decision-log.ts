import type { BusinessDate } from '@flr/domain';

/** A decision over many people (R31 reduction, R34b cancellation) carried out by the process manager. */
export interface ManyPersonDecision {
  readonly kind: 'reduction' | 'cancellation';
  readonly contractId: string;
  readonly toContractId: string;
  readonly effectiveFrom: BusinessDate;
  readonly personIds: readonly string[];
  /** Set by `open` from the decision event's metadata. */
  readonly origin?: DecisionOrigin;
}

/**
 * Who recorded a decision, and when (its event's metadata): moves finished after a restart are stamped
 * with the decision's record time and belong to its command, never to the restart.
 */
export interface DecisionOrigin {
  readonly registeredAt?: string;
  readonly commandId?: string;
  readonly commandFingerprint?: string;
  readonly correlationId?: string;
}

/**
 * Decisions with persons still to handle, and which those are (from `metadata.decisionId` in the
 * log). A decision is forgotten once its last person is handled: at national size the reductions and
 * cancellations of 25 years name millions of persons, none of whom a finished decision needs again.
 */
export class DecisionLog {
  private readonly decisions = new Map<string, ManyPersonDecision>();
  /** Per open decision: its persons not yet handled. */
  private readonly pending = new Map<string, Set<string>>();

  open(decisionId: string, decision: ManyPersonDecision, metadata: Record<string, unknown> = {}): void {
    const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
    // Kept inside the decision, so the writer view's snapshot carries it too.
    const origin: DecisionOrigin = {
      registeredAt: text('registeredAt'),
      commandId: text('commandId'),
      commandFingerprint: text('commandFingerprint'),
      correlationId: text('correlationId'),
    };
    this.decisions.set(decisionId, { ...decision, origin });
    this.pending.set(decisionId, new Set(decision.personIds));
  }

  origin(decisionId: string): DecisionOrigin {
    return this.decisions.get(decisionId)?.origin ?? {};
  }

  /** The person is handled; the decision is forgotten when it was its last (one without persons stays). */
  markDone(decisionId: string, personId: string): void {
    const pending = this.pending.get(decisionId);
    if (!pending?.delete(personId) || pending.size > 0) return;
    this.pending.delete(decisionId);
    this.decisions.delete(decisionId);
  }

  /** The decision while persons of it are still to handle (a finished one is forgotten). */
  get(decisionId: string): ManyPersonDecision | undefined {
    return this.decisions.get(decisionId);
  }

  isDone(decisionId: string, personId: string): boolean {
    return !(this.pending.get(decisionId)?.has(personId) ?? false);
  }

  /** Decisions with persons not yet handled (to resume after a crash). */
  unfinished(): string[] {
    const out: string[] = [];
    for (const [id, pending] of this.pending) if (pending.size > 0) out.push(id);
    return out;
  }

  /** Open decisions and their handled persons, for the writer view's snapshot. */
  snapshotEntries(): { decisions: [string, ManyPersonDecision][]; done: [string, string[]][] } {
    return {
      decisions: [...this.decisions],
      done: [...this.decisions].map(([id, decision]) => {
        const pending = this.pending.get(id);
        return [id, decision.personIds.filter((person) => !pending?.has(person))];
      }),
    };
  }

  /** Puts back `snapshotEntries` (a snapshot restores decisions first, then each one's handled persons). */
  restoreEntries(entries: ReturnType<DecisionLog['snapshotEntries']>): void {
    for (const [id, decision] of entries.decisions) {
      this.decisions.set(id, decision);
      this.pending.set(id, new Set(decision.personIds));
    }
    for (const [id, persons] of entries.done) {
      const pending = this.pending.get(id);
      for (const person of persons) pending?.delete(person);
    }
  }
}
