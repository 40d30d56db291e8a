/**
 * The register as flat tables: what `sql`, `export`, `stats`, `chart` and the legacy export read.
 * Exact values (internal person ids, NINs, exact dates): the analyst-facing views in
 * sql/disclosed-views.ts pseudonymise and coarsen them (R48).
 */
export interface PersonRow {
  personId: string;
  nin: string;
  ninKind: 'FNR' | 'DNR';
  birthDate: string;
  sex: string | null;
  /** Residence municipality at registration (moves are in MoveRow). */
  firstMunicipality: string;
  /** Current residence municipality, by the number recorded with the last registration or move. */
  municipality: string;
  /** That municipality by today's number (renumberings in force applied, §1.8). */
  municipalityNow: string;
  /** Current household, by the last registration or move (a move may leave none). */
  householdId: string | null;
  entitlement: string | null;
  registeredOn: string;
  registeredAt: string;
  diedOn: string | null;
  /** The person's current emigration, null once a registered move brought them back (R1). */
  emigratedOn: string | null;
  /** The person's current opt-out (R4), null when not opted out. */
  optedOutOn: string | null;
}

export interface MoveRow {
  personId: string;
  movedOn: string;
  fromMunicipality: string;
  municipality: string;
  registeredAt: string;
}

/** A person–list period (tilhørighet), half-open [from, to). */
export interface LinkRow {
  personId: string;
  contractId: string;
  from: string;
  to: string | null;
  beginReason: string;
  endReason: string | null;
  countsTowardLimit: boolean;
  registeredAt: string;
  endRegisteredAt: string | null;
}

export interface ContractRow {
  contractId: string;
  /** The municipality number the contract was created under. */
  municipality: string;
  /** That municipality by today's number (renumberings in force applied, §1.8). */
  municipalityNow: string;
  /** The office and fixed salary in force today (ContractDetailsUpdated applied, §2.4). */
  officeOrgNo: string;
  maxPatients: number;
  validFrom: string;
  canceledFrom: string | null;
  endReason: string | null;
  commonList: boolean;
  fixedSalary: boolean;
  status: string;
  registeredAt: string;
}

/** A doctor period on a list: LPFL (fastlege) or LPVI (vikar). */
export interface DoctorPeriodRow {
  periodId: string;
  contractId: string;
  hpr: number;
  relationship: string;
  from: string;
  to: string | null;
  substituteForHpr: number | null;
  workingPercentage: number | null;
  registeredAt: string;
}

export interface GpRow {
  hpr: number;
  name: string;
  birthDate: string | null;
  sex: string | null;
  specialist: boolean;
  registeredAt: string;
}

/** A waiting-list entry (venteliste); `leftOn` null while waiting. */
export interface WaitingRow {
  personId: string;
  contractId: string;
  joinedAt: string;
  requestedBy: string | null;
  leftOn: string | null;
  leaveReason: string | null;
  registeredAt: string;
}

/** Where the fold sends finished rows; a sink may write them to DuckDB, CSV or memory. */
export interface RegisterSink {
  person(row: PersonRow): void;
  move(row: MoveRow): void;
  link(row: LinkRow): void;
  contract(row: ContractRow): void;
  doctorPeriod(row: DoctorPeriodRow): void;
  gp(row: GpRow): void;
  waiting(row: WaitingRow): void;
}
