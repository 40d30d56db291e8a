/**
 * The register's internal event catalogue: the contract between the write side (deciders) and the
 * read side (projections). Business dates are `YYYY-MM-DD` (Europe/Oslo); periods are half-open.
 * No national identity number appears in a stream name; it lives in event data only.
 */

/** `YYYY-MM-DD` business date in Europe/Oslo. */
export type BusinessDate = string;
/** ISO-8601 instant with offset. */
export type Instant = string;

export type Sex = 'male' | 'female';
export type Entitlement = 'asylum-seeker' | 'nato' | 'diplomatic';
export type ListStatus = 'open' | 'closed' | 'locked';
/** LPFL = fastlege (regular GP), LPVI = vikar (substitute). */
export type Relationship = 'LPFL' | 'LPVI';

export const BEGIN_REASONS = [
  'CHOICE',
  'WAITLIST',
  'AUTO_NEW_RESIDENT',
  'NEWBORN',
  'CHILD_WITH_PARENT',
  'MOVE_RETURN_3Y',
  'REDUCTION_MOVE',
  'CONTRACT_END_MOVE',
  'HELFO_MANUAL',
  'INITIAL_2001',
  'NIN_CHANGE',
] as const;
export type BeginReason = (typeof BEGIN_REASONS)[number];

export const END_REASONS = [
  'CHANGED',
  'REDUCTION',
  'CONTRACT_ENDED',
  'DEATH',
  'EMIGRATION',
  'OPT_OUT',
  'LOST_ENTITLEMENT',
  'REMOVED_VIOLENCE',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export type WaitingListLeaveReason =
  | 'LEFT'
  | 'REPLACED'
  | 'PROMOTED'
  | 'DEATH'
  | 'EMIGRATION'
  | 'OPT_OUT'
  | 'CONTRACT_ENDED'
  | 'LISTED_ELSEWHERE';

/** Metadata on every event: who, why, and when the register learned it (record time). */
export interface EventMetadata {
  readonly actor: string;
  readonly commandId?: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** When the register received the fact (record time); the log time unless history was imported. */
  readonly registeredAt: Instant;
  readonly [key: string]: unknown;
}

interface Ev<T extends string, D> {
  readonly type: T;
  readonly data: Readonly<D>;
}

/** R16: the reason a voluntary change does not count toward the yearly limit. */
export type ChangeExemption = 'MOVE' | 'GP_LEFT' | 'REDUCTION_EXTRA' | 'BEFORE_SCHEME' | 'FIRST_CHOICE';

// ---- person-<personId> ---------------------------------------------------------------------------

export type PersonRegistered = Ev<
  'PersonRegistered',
  {
    personId: string;
    nin: string;
    ninKind: 'FNR' | 'DNR';
    birthDate: BusinessDate;
    sex: Sex | null;
    municipality: string;
    householdId: string | null;
    parentIds: string[];
    entitlement: Entitlement | null;
    registeredOn: BusinessDate;
  }
>;
export type PersonMoved = Ev<
  'PersonMoved',
  {
    personId: string;
    fromMunicipality: string;
    municipality: string;
    householdId: string | null;
    movedOn: BusinessDate;
  }
>;
export type PersonDied = Ev<'PersonDied', { personId: string; diedOn: BusinessDate }>;
export type PersonEmigrated = Ev<'PersonEmigrated', { personId: string; emigratedOn: BusinessDate }>;
export type PersonOptedOut = Ev<'PersonOptedOut', { personId: string; on: BusinessDate }>;
export type PersonOptedIn = Ev<'PersonOptedIn', { personId: string; on: BusinessDate }>;
export type PersonNinChanged = Ev<'PersonNinChanged', { personId: string; oldNin: string; newNin: string }>;

/** A person–list link (tilhørighet) begins on `from`; future-dated while pending. */
export type PatientListed = Ev<
  'PatientListed',
  {
    personId: string;
    associationId: string;
    contractId: string;
    from: BusinessDate;
    beginReason: BeginReason;
    /** Counts toward the two voluntary changes per calendar year (R15/R16). */
    countsTowardLimit: boolean;
    /** Calendar year the change is counted in (R18), when it counts. */
    countedInYear: number | null;
    requestedBy: string | null;
    overrideReason: string | null;
    /**
     * Why a voluntary change does not count (R16), when it does not: a reported move, the GP leaving,
     * the extra change after a list reduction, a change before the scheme started, or the first choice
     * of someone on no list (R15 limits changes of "a person on a list"). Absent = none.
     */
    exemption?: ChangeExemption | null;
  }
>;
/** A link ends at `to` (exclusive). */
export type PatientUnlisted = Ev<
  'PatientUnlisted',
  { personId: string; associationId: string; contractId: string; to: BusinessDate; endReason: EndReason }
>;
/** A pending (future-dated) link is withdrawn before it took effect (§4.3: a later request replaces it). */
export type PendingListingWithdrawn = Ev<
  'PendingListingWithdrawn',
  {
    personId: string;
    associationId: string;
    contractId: string;
    /**
     * RESTORED (§4.3): the person chose their current list again while a change was pending; the
     * current link is re-issued open-ended under a new association id with its original start.
     */
    reason: 'REPLACED' | 'LEFT_SCHEME' | 'CONTRACT_ENDED' | 'RESTORED' | 'ANNULLED';
  }
>;
export type WaitingListJoined = Ev<
  'WaitingListJoined',
  { personId: string; contractId: string; joinedAt: Instant; requestedBy: string | null }
>;
export type WaitingListLeft = Ev<
  'WaitingListLeft',
  { personId: string; contractId: string; reason: WaitingListLeaveReason; on: BusinessDate }
>;
/**
 * R32: removed for violent or threatening conduct; may not choose this list, nor a GP who held it
 * that day, again. `hprs` is every fastlege of the list that day (a shared list has several); `hpr`
 * is the first of them, all that events written before `hprs` carry.
 */
export type PersonBarredFromList = Ev<
  'PersonBarredFromList',
  {
    personId: string;
    contractId: string;
    hpr: number | null;
    hprs?: readonly number[];
    on: BusinessDate;
  }
>;
/**
 * A letter the register sends: after a move between municipalities, the lists with a free place in the
 * new one (R40, S43); after a waiting-list promotion, the list and its start (R22). It changes nothing.
 */
export type LetterSent = Ev<
  'LetterSent',
  {
    personId: string;
    kind: 'MOVE_OFFER' | 'WAITING_LIST_PLACED' | 'AGE_16';
    on: BusinessDate;
    contractIds: string[];
    effectiveFrom: BusinessDate | null;
  }
>;

/** The facts an explicit correction can annul (issue 11); never by backdating (API.md). */
export type CorrectableFact = 'death' | 'move' | 'emigration' | 'opt-out' | 'placement';

/**
 * A correction: a wrongly recorded fact is annulled, with the reason (the actor is in the metadata).
 * Valid-time answers show the history as corrected; record-time answers (`asOf` before it) keep what
 * the register believed then. The events the wrong fact caused are undone by the events recorded
 * with it (`PatientUnlistingAnnulled`, `PendingListingWithdrawn{ANNULLED}`, `WaitingListJoined`).
 */
export type FactAnnulled = Ev<
  'FactAnnulled',
  {
    personId: string;
    correctionId: string;
    fact: CorrectableFact;
    /** Id of the event that recorded the wrong fact (`PersonDied`, `PersonMoved`, ..., `PatientListed`). */
    annulledEventId: string;
    annulledType: string;
    reason: string;
    /** For a move: the residence the wrong move replaced, in force again. */
    restoredResidence: { municipality: string; householdId: string | null } | null;
  }
>;
/** The end a wrong fact recorded on a link is taken back: the link runs to `restoredTo` again (null = open). */
export type PatientUnlistingAnnulled = Ev<
  'PatientUnlistingAnnulled',
  {
    personId: string;
    associationId: string;
    contractId: string;
    restoredTo: BusinessDate | null;
    correctionId: string;
  }
>;

export type PersonEvent =
  | PersonRegistered
  | PersonMoved
  | PersonDied
  | PersonEmigrated
  | PersonOptedOut
  | PersonOptedIn
  | PersonNinChanged
  | PatientListed
  | PatientUnlisted
  | PendingListingWithdrawn
  | WaitingListJoined
  | WaitingListLeft
  | PersonBarredFromList
  | LetterSent
  | FactAnnulled
  | PatientUnlistingAnnulled;

// ---- contract-<contractId> -----------------------------------------------------------------------

export type ContractCreated = Ev<
  'ContractCreated',
  {
    contractId: string;
    municipality: string;
    officeOrgNo: string;
    maxPatients: number;
    validFrom: BusinessDate;
    commonList: boolean;
    fixedSalary: boolean;
    status: ListStatus;
  }
>;
/** listetak changed; moves nobody (R29). */
export type ListCeilingChanged = Ev<
  'ListCeilingChanged',
  { contractId: string; maxPatients: number; previousMaxPatients: number; on: BusinessDate }
>;
export type ListStatusChanged = Ev<
  'ListStatusChanged',
  {
    contractId: string;
    status: ListStatus;
    previousStatus: ListStatus;
    by: 'manual' | 'daily-job';
    on: BusinessDate;
  }
>;
export type DoctorPeriodStarted = Ev<
  'DoctorPeriodStarted',
  {
    contractId: string;
    periodId: string;
    hpr: number;
    relationship: Relationship;
    from: BusinessDate;
    to: BusinessDate | null;
    substituteForHpr: number | null;
    workingPercentage: number | null;
  }
>;
export type DoctorPeriodEnded = Ev<
  'DoctorPeriodEnded',
  { contractId: string; periodId: string; to: BusinessDate }
>;
/** R30/R31: the draw is recorded so replays never re-draw. */
export type ListReductionOrdered = Ev<
  'ListReductionOrdered',
  {
    contractId: string;
    reductionId: string;
    count: number;
    toContractId: string;
    effectiveFrom: BusinessDate;
    seed: string;
    drawnPersonIds: string[];
  }
>;
export type ContractCanceled = Ev<
  'ContractCanceled',
  {
    contractId: string;
    effectiveFrom: BusinessDate;
    moveToContractId: string;
    endReason: string;
    movedPersonIds: string[];
  }
>;

/** A postal address (Norwegian: street, 4-digit postnummer, poststed). */
export interface Address {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
}

/** An utekontor (satellite location) of a list: where the GP also receives patients (§2.4 OutOfOfficeOffices). */
export interface OutOfOfficeLocation {
  readonly description: string;
  readonly address: Address;
}

/**
 * The contract's details an administrator updates with a validity date (§2.4, §2.3; FLR's
 * UpdateGPContract / UpdateGPContractCoopMunicipalities / UpdateGPOfficeOnGPContracts).
 */
export interface ContractDetails {
  readonly officeOrgNo: string;
  /** The office's name and visiting address (GPOffice.Name, PhysicalAddresses RES); null = not given. */
  readonly officeName: string | null;
  readonly officeAddress: Address | null;
  /** Co-operating municipalities (CoopMunicipalities): no duplicates, never the main municipality. */
  readonly coopMunicipalities: readonly string[];
  /** Tilgang for bevegelseshemmede (seed 002); null = not given. */
  readonly accessibleToMobilityImpaired: boolean | null;
  /** Fastlønnet (true) or næringsdrivende (false). */
  readonly fixedSalary: boolean;
  readonly outOfOfficeLocations: readonly OutOfOfficeLocation[];
}

/**
 * Contract details changed from `validFrom` (valid time): only the fields that changed, with the values
 * they had on `validFrom` before (FLR's ContractUpdated on the feed).
 */
export type ContractDetailsUpdated = Ev<
  'ContractDetailsUpdated',
  {
    contractId: string;
    validFrom: BusinessDate;
    changes: Partial<ContractDetails>;
    previous: Partial<ContractDetails>;
  }
>;

export type ContractEvent =
  | ContractCreated
  | ListCeilingChanged
  | ListStatusChanged
  | DoctorPeriodStarted
  | DoctorPeriodEnded
  | ListReductionOrdered
  | ContractCanceled
  | ContractDetailsUpdated;

/** Every event type per stream kind; the Record types make the compiler reject a forgotten one. */
const personEventTypes: Record<PersonEvent['type'], true> = {
  PersonRegistered: true,
  PersonMoved: true,
  PersonDied: true,
  PersonEmigrated: true,
  PersonOptedOut: true,
  PersonOptedIn: true,
  PersonNinChanged: true,
  PatientListed: true,
  PatientUnlisted: true,
  PendingListingWithdrawn: true,
  WaitingListJoined: true,
  WaitingListLeft: true,
  PersonBarredFromList: true,
  LetterSent: true,
  FactAnnulled: true,
  PatientUnlistingAnnulled: true,
};
const contractEventTypes: Record<ContractEvent['type'], true> = {
  ContractCreated: true,
  ListCeilingChanged: true,
  ListStatusChanged: true,
  DoctorPeriodStarted: true,
  DoctorPeriodEnded: true,
  ListReductionOrdered: true,
  ContractCanceled: true,
  ContractDetailsUpdated: true,
};
export const PERSON_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(personEventTypes));
export const CONTRACT_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(contractEventTypes));

// ---- gp-<hpr> ------------------------------------------------------------------------------------

export type GpRegistered = Ev<
  'GpRegistered',
  {
    hpr: number;
    name: string;
    birthDate: BusinessDate | null;
    sex: Sex | null;
    specialistInGeneralPractice: boolean;
  }
>;
/** A GP's master data an administrator updates with a validity date (§2.2, §1.9; FLR's GPDetails). */
export interface GpDetails {
  readonly name: string;
  readonly specialistInGeneralPractice: boolean;
  /** HER-id in Adresseregisteret (§1.9); null = none recorded. */
  readonly herId: number | null;
}

/**
 * GP details changed from `validFrom` (valid time): only the fields that changed, with the values they
 * had on `validFrom` before (FLR's GPUpdated on the feed).
 */
export type GpDetailsUpdated = Ev<
  'GpDetailsUpdated',
  { hpr: number; validFrom: BusinessDate; changes: Partial<GpDetails>; previous: Partial<GpDetails> }
>;
export type GpEvent = GpRegistered | GpDetailsUpdated;

// ---- municipality-<number> -----------------------------------------------------------------------

/** §1.8: a code change, never a move. */
export type MunicipalityRenumbered = Ev<
  'MunicipalityRenumbered',
  {
    oldNumber: string;
    newNumber: string;
    effectiveFrom: BusinessDate;
    /** Why a renumbering that is no reform in the national code history was carried out anyway. */
    overrideReason?: string;
  }
>;
/** R9: the municipality switches automatic assignment of unassigned residents off (or on again). */
export type MunicipalityAutoAssignToggled = Ev<
  'MunicipalityAutoAssignToggled',
  { number: string; enabled: boolean; on: BusinessDate }
>;
/**
 * A wrongly recorded renumbering is annulled (issue 11): the number never changed. Valid-time answers
 * show the old number throughout; record-time answers (`asOf` before it) keep what the register believed.
 */
export type MunicipalityRenumberingAnnulled = Ev<
  'MunicipalityRenumberingAnnulled',
  {
    oldNumber: string;
    /** The number the wrong renumbering gave, and from when. */
    newNumber: string;
    effectiveFrom: BusinessDate;
    correctionId: string;
    reason: string;
  }
>;
export type MunicipalityEvent =
  | MunicipalityRenumbered
  | MunicipalityAutoAssignToggled
  | MunicipalityRenumberingAnnulled;

// ---- jobs-daily ----------------------------------------------------------------------------------

export type DailyJobCompleted = Ev<
  'DailyJobCompleted',
  { date: BusinessDate; placements: number; statusChanges: number }
>;
export type JobEvent = DailyJobCompleted;

export type RegisterEvent = PersonEvent | ContractEvent | GpEvent | MunicipalityEvent | JobEvent;
export type RegisterEventType = RegisterEvent['type'];

export const streams = {
  person: (personId: string) => `person-${personId}`,
  contract: (contractId: string) => `contract-${contractId}`,
  gp: (hpr: number) => `gp-${hpr}`,
  municipality: (number: string) => `municipality-${number}`,
  dailyJob: 'jobs-daily',
} as const;
