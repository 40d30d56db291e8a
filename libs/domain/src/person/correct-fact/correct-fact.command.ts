import type { BusinessDate, CorrectableFact, EndReason, PersonEvent } from '../../events';
import type { CommonFacts } from '../facts';

/**
 * Annul a wrongly recorded fact (issue 11): a death, move, emigration, opt-out or placement. Never by
 * backdating (API.md): the correction is a fact of its own, with the reason and the actor.
 */
export interface CorrectFact {
  readonly type: 'CorrectFact';
  readonly fact: CorrectableFact;
  readonly reason: string;
  readonly correctionId: string;
}

/** One event of the person's own stream with its id (the writer reads them; the decision stays pure). */
export interface RecordedPersonEvent {
  readonly id: string;
  readonly event: PersonEvent;
}

export interface CorrectFactFacts extends CommonFacts {
  /**
   * The wrong fact (the latest of its kind not yet annulled, or the one asked for) and the events
   * recorded with it on this stream (same command), or null when there is none.
   */
  readonly target: {
    readonly recorded: RecordedPersonEvent;
    readonly causedWith: readonly RecordedPersonEvent[];
  } | null;
  /** For an annulled waiting-list departure: when the person had joined that queue (their place is kept). */
  readonly joinedAt: Readonly<Record<string, string>>;
  /** For an annulled move: the household the person had before it. */
  readonly householdBefore: string | null;
  /**
   * The end each of the person's links had just before the wrong fact's decision (absent or null:
   * open), so a link the fact ended runs to that end again, not beyond it.
   */
  readonly linkEndsBefore: Readonly<Record<string, LinkEnd | null>>;
  /**
   * R34b: the cancellations recorded for the lists the person was ever on or queued for, and for the
   * lists those cancellations moved patients to, keyed by the cancelled contract.
   */
  readonly listEnds: Readonly<Record<string, ListEnd>>;
}

/** How a link ended: the exclusive end date and the reason. */
export interface LinkEnd {
  readonly to: BusinessDate;
  readonly endReason: EndReason;
}

/** A list cancelled from `effectiveFrom` whose patients moved to `moveToContractId` (R34b). */
export interface ListEnd {
  readonly effectiveFrom: BusinessDate;
  readonly moveToContractId: string;
}
