import type { BusinessDate } from '@flr/domain';

/** A decision over many people (R31 reduction, R34b cancellation) carried out by the process manager. */
export interface ManyPersonDecision {
  readonly kind: 'reduction' | 'cancellation';
  readonly contractId: string;
  readonly toContractId: string;
  readonly effectiveFrom: BusinessDate;
  readonly personIds: readonly string[];
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
  private readonly origins = new Map<string, DecisionOrigin>();
  private readonly done = new Map<string, Set<string>>();

  open(decisionId: string, decision: ManyPersonDecision, metadata: Record<string, unknown> = {}): void {
    this.decisions.set(decisionId, decision);
    const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
    this.origins.set(decisionId, {
      registeredAt: text('registeredAt'),
      commandId: text('commandId'),
      commandFingerprint: text('commandFingerprint'),
      correlationId: text('correlationId'),
    });
  }

  origin(decisionId: string): DecisionOrigin {
    return this.origins.get(decisionId) ?? {};
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
}
