import type {
  BeginReason,
  BusinessDate,
  EndReason,
  Entitlement,
  Instant,
  ListStatus,
  Sex,
  WaitingListLeaveReason,
} from '../events';
import type { RegisterRules } from '../rules/settings';

/** Commands decided on a person stream. Identifiers are internal ids, never NINs (except the NIN itself). */
export type PersonCommand =
  | {
      readonly type: 'RegisterPerson';
      readonly personId: string;
      readonly nin: string;
      readonly ninKind: 'FNR' | 'DNR';
      readonly birthDate: BusinessDate;
      readonly sex: Sex | null;
      readonly municipality: string;
      readonly householdId: string | null;
      readonly parentIds: readonly string[];
      readonly entitlement: Entitlement | null;
    }
  | {
      readonly type: 'RecordMove';
      readonly municipality: string;
      readonly householdId: string | null;
      readonly movedOn: BusinessDate;
    }
  | { readonly type: 'RecordDeath'; readonly diedOn: BusinessDate }
  | { readonly type: 'RecordEmigration'; readonly emigratedOn: BusinessDate }
  | { readonly type: 'OptOut' }
  | { readonly type: 'OptIn' }
  | { readonly type: 'ChangeNin'; readonly newNin: string }
  | { readonly type: 'ChangeGp'; readonly contractId: string; readonly associationId: string }
  | {
      readonly type: 'AssignPatient';
      readonly contractId: string;
      readonly associationId: string;
      readonly reason: BeginReason;
      readonly overrideReason: string | null;
      readonly effectiveFrom: BusinessDate | null;
    }
  | { readonly type: 'JoinWaitingList'; readonly contractId: string }
  | {
      readonly type: 'LeaveWaitingList';
      readonly contractId: string;
      readonly reason: WaitingListLeaveReason;
    }
  | {
      readonly type: 'MoveByDecision';
      readonly fromContractId: string;
      readonly toContractId: string;
      readonly associationId: string;
      readonly effectiveFrom: BusinessDate;
      readonly beginReason: 'REDUCTION_MOVE' | 'CONTRACT_END_MOVE';
      readonly endReason: 'REDUCTION' | 'CONTRACT_ENDED';
    }
  | {
      readonly type: 'BarFromList';
      readonly contractId: string;
      readonly hpr: number | null;
      readonly effectiveFrom: BusinessDate | null;
      readonly moveToContractId: string | null;
      readonly associationId: string;
    }
  | { readonly type: 'PromoteFromWaitingList'; readonly contractId: string; readonly associationId: string }
  | {
      readonly type: 'PlaceAutomatically';
      readonly contractId: string;
      readonly associationId: string;
      readonly reason: 'AUTO_NEW_RESIDENT' | 'NEWBORN' | 'CHILD_WITH_PARENT' | 'INITIAL_2001';
      readonly effectiveFrom: BusinessDate;
    };

/** What the decision needs to know about the target list, as of the effective date. */
export interface ListFacts {
  readonly contractId: string;
  readonly exists: boolean;
  readonly validFrom: BusinessDate;
  /** The day the contract was cancelled from (exclusive end), if it was. */
  readonly endsOn: BusinessDate | null;
  readonly status: ListStatus;
  /** listetak minus links in force on the effective date, pending arrivals in, departures out (§4.4). */
  readonly freePlaces: number;
  /** LPFL doctors on the list on the effective date. */
  readonly fastlegeHprs: readonly number[];
}

/** Facts from outside the person stream, gathered by the writer before deciding (pure decision). */
export interface PersonContext {
  readonly rules: RegisterRules;
  /** Europe/Oslo date of `registeredAt`. */
  readonly today: BusinessDate;
  readonly registeredAt: Instant;
  readonly target?: ListFacts;
  /** Facts about `moveToContractId` for a barring (R32). */
  readonly moveTo?: ListFacts;
  /** R13a: a parent is on the target list on the effective date. */
  readonly parentOnTarget?: boolean;
  /** R11/R12: who acts; null = the person. */
  readonly requester?: {
    readonly personId: string;
    readonly isParent: boolean;
    readonly sameHousehold: boolean;
  } | null;
  /** R16: the day the fastlege of the person's current list left (or the list was cancelled under them). */
  readonly gpLeftOn?: BusinessDate | null;
  /** R40: lists with a free place in the municipality moved to, for the offer letter. */
  readonly listsWithPlaces?: (municipality: string, date: BusinessDate) => string[];
  /** §1.8: the code a municipality number has on a date (renumberings followed); default: unchanged. */
  readonly canonicalMunicipality?: (number: string, date: BusinessDate) => string;
}

export type LeaveSchemeReason = Extract<EndReason, 'DEATH' | 'EMIGRATION' | 'OPT_OUT'>;
