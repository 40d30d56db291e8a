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

/** Decisions and which of their persons have been handled (from `metadata.decisionId` in the log). */
export class DecisionLog {
  private readonly decisions = new Map<string, ManyPersonDecision>();
  private readonly done = new Map<string, Set<string>>();

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
  }

  origin(decisionId: string): DecisionOrigin {
    return this.decisions.get(decisionId)?.origin ?? {};
  }

  markDone(decisionId: string, personId: string): void {
    let set = this.done.get(decisionId);
    if (!set) this.done.set(decisionId, (set = new Set()));
    set.add(personId);
  }

  get(decisionId: string): ManyPersonDecision | undefined {
    return this.decisions.get(decisionId);
  }

  isDone(decisionId: string, personId: string): boolean {
    return this.done.get(decisionId)?.has(personId) ?? false;
  }

  /** Decisions with persons not yet handled (to resume after a crash). */
  unfinished(): string[] {
    const out: string[] = [];
    for (const [id, d] of this.decisions) {
      const done = this.done.get(id);
      if (d.personIds.some((p) => !done?.has(p))) out.push(id);
    }
    return out;
  }

  /** Decisions and their handled persons, for the writer view's snapshot. */
  snapshotEntries(): { decisions: [string, ManyPersonDecision][]; done: [string, string[]][] } {
    return {
      decisions: [...this.decisions],
      done: [...this.done].map(([id, persons]) => [id, [...persons]]),
    };
  }

  restoreEntries(entries: ReturnType<DecisionLog['snapshotEntries']>): void {
    for (const [id, decision] of entries.decisions) this.decisions.set(id, decision);
    for (const [id, persons] of entries.done) this.done.set(id, new Set(persons));
  }
}
