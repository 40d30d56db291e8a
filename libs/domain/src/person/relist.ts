import { yearOf } from '../calendar';
import type {
  BeginReason,
  BusinessDate,
  ChangeExemption,
  EndReason,
  PatientListed,
  PersonEvent,
} from '../events';
import type { RegisterRules } from '../rules/settings';
import { refuse } from '../shared/refusals';
import type { CommonFacts } from './facts';
import {
  changesUsedIn,
  gpLeftCreditAvailable,
  linkOn,
  liveLinks,
  moveCreditAvailable,
  pendingLink,
  reductionCreditsAvailable,
} from './queries';
import type { PersonState } from './state';

export interface Counting {
  readonly countsTowardLimit: boolean;
  readonly countedInYear: number | null;
  readonly exemption: ChangeExemption | null;
}

export const NOT_COUNTED: Counting = { countsTowardLimit: false, countedInYear: null, exemption: null };

/**
 * R15/R16/R18: how a voluntary change is counted, or YEARLY_LIMIT_REACHED. Exemptions are used in
 * order: before the scheme, a reported move, the GP leaving; the reduction's extra change only once
 * the two ordinary changes are used up.
 */
export function countVoluntaryChange(
  before: PersonState,
  facts: CommonFacts,
  gpLeftOn: BusinessDate | null,
  effectiveFrom: BusinessDate,
): Counting {
  const { rules, today } = facts;
  // §4.3: the pending change this one replaces is judged as already withdrawn.
  const state: PersonState = {
    ...before,
    links: before.links.map((l) =>
      l.withdrawn === null && l.from > today && l.from >= effectiveFrom ? { ...l, withdrawn: 'REPLACED' } : l,
    ),
  };
  const exempt = (exemption: ChangeExemption): Counting => ({
    countsTowardLimit: false,
    countedInYear: null,
    exemption,
  });
  if (today < rules.schemeStart) return exempt('BEFORE_SCHEME');
  // R15 limits the changes of "a person on a list": choosing while on no list (nor about to join one) is no change.
  if (!linkOn(state, today) && !pendingLink(state, today)) return exempt('FIRST_CHOICE');
  if (moveCreditAvailable(state, today, rules)) return exempt('MOVE');
  if (gpLeftCreditAvailable(state, today, gpLeftOn, rules)) return exempt('GP_LEFT');
  const year = countingYear(today, effectiveFrom, rules);
  if (changesUsedIn(state, year, rules) < rules.yearlyChangeLimit) {
    return { countsTowardLimit: true, countedInYear: year, exemption: null };
  }
  if (reductionCreditsAvailable(state) > 0) return exempt('REDUCTION_EXTRA');
  return refuse(
    'YEARLY_LIMIT_REACHED',
    'R15',
    `The person has used ${rules.yearlyChangeLimit} changes in ${year}`,
    { year },
  );
}

/** R18 [U]: the year of the registration date by default, or of the effective date. */
export function countingYear(today: BusinessDate, effectiveFrom: BusinessDate, rules: RegisterRules): number {
  return rules.countYearBy === 'effective' ? yearOf(effectiveFrom) : yearOf(today);
}

export interface Relisting {
  readonly personId: string;
  readonly associationId: string;
  readonly contractId: string;
  readonly from: BusinessDate;
  readonly beginReason: BeginReason;
  readonly endReason: EndReason;
  readonly counting: Counting;
  readonly requestedBy: string | null;
  readonly overrideReason: string | null;
  /** Pending links starting after this day are replaced (§4.3). */
  readonly today: BusinessDate;
  /** False for moves ordered by the register: the person's own pending change still happens. */
  readonly replacePending?: boolean;
  /** False when the caller ends the waiting-list entry itself (a promotion). */
  readonly endsWaiting?: boolean;
}

/**
 * §2.6/§4.3: a new link from `from`; the link in force then ends there (old.to = new.from), and a
 * pending link not yet in force is withdrawn (a later request in the same month replaces it).
 */
export function relist(state: PersonState, r: Relisting): PersonEvent[] {
  const events: PersonEvent[] = [];
  const replaced =
    r.replacePending === false ? [] : liveLinks(state).filter((l) => l.from > r.today && l.from >= r.from);
  for (const pending of replaced) {
    events.push({
      type: 'PendingListingWithdrawn',
      data: {
        personId: r.personId,
        associationId: pending.associationId,
        contractId: pending.contractId,
        reason: 'REPLACED',
      },
    });
  }
  const current = liveLinks(state).find(
    (l) => !replaced.includes(l) && l.from < r.from && (l.to === null || l.to > r.from),
  );
  if (current) {
    events.push({
      type: 'PatientUnlisted',
      data: {
        personId: r.personId,
        associationId: current.associationId,
        contractId: current.contractId,
        to: r.from,
        endReason: r.endReason,
      },
    });
  }
  const listed: PatientListed = {
    type: 'PatientListed',
    data: {
      personId: r.personId,
      associationId: r.associationId,
      contractId: r.contractId,
      from: r.from,
      beginReason: r.beginReason,
      countsTowardLimit: r.counting.countsTowardLimit,
      countedInYear: r.counting.countedInYear,
      requestedBy: r.requestedBy,
      overrideReason: r.overrideReason,
      exemption: r.counting.exemption,
    },
  };
  events.push(listed);
  // R26: a place on the list one waits for, by any route, ends the waiting-list entry.
  if (r.endsWaiting !== false && state.waiting?.contractId === r.contractId) {
    events.push({
      type: 'WaitingListLeft',
      data: { personId: r.personId, contractId: r.contractId, reason: 'LISTED_ELSEWHERE', on: r.today },
    });
  }
  return events;
}
