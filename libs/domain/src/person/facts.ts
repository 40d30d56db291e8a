import type { BusinessDate, Instant, ListStatus } from '../events';
import type { RegisterRules } from '../rules/settings';

/**
 * What every person decision knows besides the person's own stream: the rules in force and when the
 * command was registered. Each command adds the facts it needs from other streams, as plain data
 * gathered by the writer before it decides (the decision itself stays pure).
 */
export interface CommonFacts {
  readonly rules: RegisterRules;
  /** Europe/Oslo date of `registeredAt`. */
  readonly today: BusinessDate;
  readonly registeredAt: Instant;
}

/** What a decision needs to know about a list (contract), as of the effective date. */
export interface ListFacts {
  readonly contractId: string;
  readonly exists: boolean;
  readonly validFrom: BusinessDate;
  /** The day the contract was cancelled from (exclusive end), if it was. */
  readonly endsOn: BusinessDate | null;
  readonly status: ListStatus;
  /**
   * listetak minus links in force on the effective date, pending arrivals in, departures out (§4.4),
   * on the fullest day from the effective date on: a placement needs room on every one of them.
   */
  readonly freePlaces: number;
  /** LPFL doctors on the list on the effective date. */
  readonly fastlegeHprs: readonly number[];
}

/** R11/R12: who asks on the person's behalf (null in the facts: the person themselves). */
export interface Requester {
  readonly personId: string;
  /** The requester is one of the person's registered parents. */
  readonly isParent: boolean;
  /** The requester and the person share a household (address). */
  readonly sameHousehold: boolean;
}
