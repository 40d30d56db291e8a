import type { BusinessDate } from '@flr/domain';

/** A decision over many people (R31 reduction, R34b cancellation) carried out by the process manager. */
export interface ManyPersonDecision {
  readonly kind: 'reduction' | 'cancellation';
  readonly contractId: string;
  readonly toContractId: string;
  readonly effectiveFrom: BusinessDate;
  readonly personIds: readonly string[];
}

/** Decisions and which of their persons have been handled (from `metadata.decisionId` in the log). */
export class DecisionLog {
  private readonly decisions = new Map<string, ManyPersonDecision>();
  private readonly done = new Map<string, Set<string>>();

  open(decisionId: string, decision: ManyPersonDecision): void {
    this.decisions.set(decisionId, decision);
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
