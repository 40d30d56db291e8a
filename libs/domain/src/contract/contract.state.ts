import type { BusinessDate, ContractDetails, ContractEvent, ListStatus, Relationship } from '../events';
import { applyDated } from '../shared/dated';

/** A doctor period on a list (legeperiode): LPFL fastlege or LPVI vikar, half-open. */
export interface DoctorPeriod {
  readonly periodId: string;
  readonly hpr: number;
  readonly relationship: Relationship;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
  readonly substituteForHpr: number | null;
  readonly workingPercentage: number | null;
}

/** A GP agreement (fastlegeavtale), which is also the list. */
export interface ContractState {
  readonly exists: boolean;
  readonly contractId: string;
  readonly municipality: string;
  readonly officeOrgNo: string;
  /** listetak */
  readonly maxPatients: number;
  readonly validFrom: BusinessDate;
  readonly commonList: boolean;
  readonly fixedSalary: boolean;
  readonly status: ListStatus;
  readonly doctors: readonly DoctorPeriod[];
  readonly canceled: { readonly effectiveFrom: BusinessDate; readonly moveToContractId: string } | null;
  readonly reductionIds: readonly string[];
  /** Dated changes of the contract's details (office, co-operation, accessibility, salary, utekontor). */
  readonly detailUpdates: readonly {
    readonly validFrom: BusinessDate;
    readonly changes: Partial<ContractDetails>;
  }[];
}

export const initialContractState: ContractState = {
  exists: false,
  contractId: '',
  municipality: '',
  officeOrgNo: '',
  maxPatients: 0,
  validFrom: '2001-06-01',
  commonList: false,
  fixedSalary: false,
  status: 'open',
  doctors: [],
  canceled: null,
  reductionIds: [],
  detailUpdates: [],
};

export function evolveContract(state: ContractState, event: ContractEvent): ContractState {
  switch (event.type) {
    case 'ContractCreated':
      return { ...initialContractState, exists: true, ...event.data };
    case 'ListCeilingChanged':
      return { ...state, maxPatients: event.data.maxPatients };
    case 'ListStatusChanged':
      return { ...state, status: event.data.status };
    case 'DoctorPeriodStarted': {
      const { contractId: _c, ...period } = event.data;
      return { ...state, doctors: [...state.doctors, period] };
    }
    case 'DoctorPeriodEnded':
      return {
        ...state,
        doctors: state.doctors.map((d) =>
          d.periodId === event.data.periodId ? { ...d, to: event.data.to } : d,
        ),
      };
    case 'ListReductionOrdered':
      return { ...state, reductionIds: [...state.reductionIds, event.data.reductionId] };
    case 'ContractCanceled':
      return {
        ...state,
        canceled: { effectiveFrom: event.data.effectiveFrom, moveToContractId: event.data.moveToContractId },
      };
    case 'ContractDetailsUpdated':
      return {
        ...state,
        detailUpdates: [
          ...state.detailUpdates,
          { validFrom: event.data.validFrom, changes: event.data.changes },
        ],
      };
    default: {
      const never: never = event;
      return never;
    }
  }
}

/**
 * The contract's details in force on `date` (valid time): as created, then every update valid from that
 * date or earlier, by validity date (of two with the same date, the later recorded wins).
 */
export function contractDetailsOn(state: ContractState, date: BusinessDate): ContractDetails {
  const created: ContractDetails = {
    officeOrgNo: state.officeOrgNo,
    officeName: null,
    officeAddress: null,
    coopMunicipalities: [],
    accessibleToMobilityImpaired: null,
    fixedSalary: state.fixedSalary,
    outOfOfficeLocations: [],
  };
  return applyDated(created, state.detailUpdates, date);
}

/** Doctors on the list on `date`. */
export function doctorsOn(state: ContractState, date: BusinessDate): DoctorPeriod[] {
  return state.doctors.filter((d) => d.from <= date && (d.to === null || date < d.to));
}

/** R34: the contract is in force on `date`. */
export function contractActiveOn(state: ContractState, date: BusinessDate): boolean {
  return (
    state.exists &&
    state.validFrom <= date &&
    (state.canceled === null || date < state.canceled.effectiveFrom)
  );
}
