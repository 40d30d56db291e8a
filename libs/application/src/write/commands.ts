import type {
  ContractDetails,
  CorrectableFact,
  GpDetails,
  BeginReason,
  BusinessDate,
  Entitlement,
  Instant,
  ListStatus,
  Relationship,
  RunDailyJob,
  Sex,
} from '@flr/domain';

/** The register's commands as the API issues them (API.md's Commands table); persons by NIN. */
export type RegisterCommand =
  | {
      readonly type: 'RegisterPerson';
      readonly nin: string;
      readonly birthDate?: BusinessDate;
      readonly sex?: Sex;
      readonly municipality: string;
      readonly householdId?: string;
      readonly parents?: readonly string[];
      readonly entitlement?: Entitlement;
    }
  | {
      readonly type: 'RecordMove';
      readonly nin: string;
      readonly municipality: string;
      readonly householdId?: string;
      readonly movedOn: BusinessDate;
    }
  | { readonly type: 'RecordDeath'; readonly nin: string; readonly diedOn: BusinessDate }
  | { readonly type: 'RecordEmigration'; readonly nin: string; readonly emigratedOn: BusinessDate }
  | { readonly type: 'OptOut'; readonly nin: string; readonly requestedBy?: string }
  | { readonly type: 'OptIn'; readonly nin: string; readonly requestedBy?: string }
  | { readonly type: 'ChangeNin'; readonly nin: string; readonly newNin: string }
  | {
      readonly type: 'RegisterGp';
      readonly hpr: number;
      readonly name: string;
      readonly birthDate?: BusinessDate;
      readonly sex?: Sex;
      readonly specialistInGeneralPractice?: boolean;
    }
  | {
      readonly type: 'CreateContract';
      readonly contractId?: string;
      readonly municipality: string;
      readonly officeOrgNo: string;
      readonly maxPatients: number;
      readonly validFrom: BusinessDate;
      readonly commonList?: boolean;
      readonly fixedSalary?: boolean;
      readonly status?: ListStatus;
    }
  | { readonly type: 'ChangeListCeiling'; readonly contractId: string; readonly maxPatients: number }
  | { readonly type: 'ChangeListStatus'; readonly contractId: string; readonly status: ListStatus }
  | {
      readonly type: 'StartDoctorPeriod';
      readonly contractId: string;
      /** Chosen by the caller (as contract ids are), or generated. */
      readonly periodId?: string;
      readonly hpr: number;
      readonly relationship: Relationship;
      readonly from: BusinessDate;
      readonly to?: BusinessDate;
      readonly substituteForHpr?: number;
      readonly workingPercentage?: number;
    }
  | {
      readonly type: 'EndDoctorPeriod';
      readonly contractId: string;
      readonly periodId: string;
      readonly to: BusinessDate;
    }
  | {
      readonly type: 'ReduceList';
      readonly contractId: string;
      readonly count: number;
      readonly toContractId: string;
      readonly effectiveFrom: BusinessDate;
      readonly seed?: string;
    }
  | {
      readonly type: 'CancelContract';
      readonly contractId: string;
      readonly effectiveFrom: BusinessDate;
      readonly moveToContractId: string;
      readonly endReason?: string;
    }
  | {
      readonly type: 'AssignPatient';
      readonly nin: string;
      readonly contractId: string;
      readonly reason?: BeginReason;
      readonly overrideReason?: string;
      readonly effectiveFrom?: BusinessDate;
    }
  | {
      readonly type: 'ChangeGp';
      readonly nin: string;
      readonly contractId: string;
      readonly requestedBy?: string;
    }
  | {
      readonly type: 'JoinWaitingList';
      readonly nin: string;
      readonly contractId: string;
      readonly requestedBy?: string;
    }
  | { readonly type: 'LeaveWaitingList'; readonly nin: string; readonly contractId: string }
  | {
      readonly type: 'RemoveFromList';
      readonly nin: string;
      readonly contractId: string;
      readonly effectiveFrom?: BusinessDate;
      readonly moveToContractId?: string;
    }
  | {
      readonly type: 'RenumberMunicipality';
      readonly number: string;
      readonly newNumber: string;
      readonly effectiveFrom: BusinessDate;
      /** Required when the renumbering is no reform in the national code history (§1.8). */
      readonly overrideReason?: string;
    }
  | { readonly type: 'SetAutoAssignment'; readonly number: string; readonly enabled: boolean }
  | {
      readonly type: 'UpdateGp';
      readonly hpr: number;
      readonly validFrom: BusinessDate;
      readonly changes: Partial<GpDetails>;
    }
  | {
      readonly type: 'UpdateContract';
      readonly contractId: string;
      readonly validFrom: BusinessDate;
      readonly changes: Partial<ContractDetails>;
    }
  | {
      readonly type: 'CorrectRenumbering';
      readonly number: string;
      readonly reason: string;
    }
  | RunDailyJob
  | {
      readonly type: 'CorrectFact';
      readonly nin: string;
      readonly fact: CorrectableFact;
      readonly reason: string;
      /** For a placement: which link (association id); default the latest placement not yet annulled. */
      readonly associationId?: string;
    };

export type RegisterCommandType = RegisterCommand['type'];

/** Who issued the command and when the register received it (EventMetadata's sources). */
export interface CommandMeta {
  readonly commandId?: string;
  /** Set by the processor: a hash of the command and its registeredAt, kept with the commandId. */
  readonly commandFingerprint?: string;
  /** Default: now. Effective dates derive from it (R17). */
  readonly registeredAt?: Instant;
  readonly actor: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface OutcomeEvent {
  readonly type: string;
  readonly stream: string;
  readonly revision: number;
}

/** API.md's command success body (plus the ids a caller needs next). */
export interface CommandOutcome {
  readonly position: string;
  readonly events: readonly OutcomeEvent[];
  readonly effectiveFrom?: BusinessDate;
  readonly contractId?: string;
  readonly periodId?: string;
  readonly reductionId?: string;
  /** R31/§4.7: the seed a list reduction drew with (the caller's, or one the register chose). */
  readonly seed?: string;
}
