import type { ContractCreated, ContractEvent, DoctorPeriodStarted } from '../events';
import { type ContractState, evolveContract, initialContractState } from '../contract/contract.state';
import { deciderSpec } from './decider-spec';

/** A decider spec for one contract command: its decide function over the contract state and evolve. */
export function contractSpec<Command, Facts>(
  decide: (command: Command, state: ContractState, facts: Facts) => readonly ContractEvent[],
) {
  return deciderSpec({ initialState: initialContractState, evolve: evolveContract, decide });
}

/** Given: the list `contractId` in Oslo, 10 places, open, valid from 2001-06-01 unless told. */
export function contractCreated(
  contractId = 'L-A',
  data: Partial<ContractCreated['data']> = {},
): ContractCreated {
  return {
    type: 'ContractCreated',
    data: {
      contractId,
      municipality: '0301',
      officeOrgNo: '923609016',
      maxPatients: 10,
      validFrom: '2001-06-01',
      commonList: false,
      fixedSalary: false,
      status: 'open',
      ...data,
    },
  };
}

/** Given: a doctor period on the list (LPFL fastlege unless told), open-ended. */
export function doctorPeriod(
  hpr: number,
  data: Partial<DoctorPeriodStarted['data']> = {},
  contractId = 'L-A',
): DoctorPeriodStarted {
  return {
    type: 'DoctorPeriodStarted',
    data: {
      contractId,
      periodId: `period-${hpr}`,
      hpr,
      relationship: 'LPFL',
      from: '2020-01-01',
      to: null,
      substituteForHpr: null,
      workingPercentage: null,
      ...data,
    },
  };
}

export function contractCanceled(
  moveToContractId = 'L-B',
  effectiveFrom = '2024-06-01',
  contractId = 'L-A',
): ContractEvent {
  return {
    type: 'ContractCanceled',
    data: { contractId, effectiveFrom, moveToContractId, endReason: 'CONTRACT_ENDED', movedPersonIds: [] },
  };
}
