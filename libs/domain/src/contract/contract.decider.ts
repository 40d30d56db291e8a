import type { ContractEvent } from '../events';
import { cancelContract } from './cancel-contract/cancel-contract.decide';
import { changeListCeiling } from './change-list-ceiling/change-list-ceiling.decide';
import { changeListStatus } from './change-list-status/change-list-status.decide';
import type { ContractCommand, ContractFacts } from './contract.commands';
import { type ContractState, evolveContract, initialContractState } from './contract.state';
import { createContract } from './create-contract/create-contract.decide';
import { endDoctorPeriod } from './end-doctor-period/end-doctor-period.decide';
import { reduceList } from './reduce-list/reduce-list.decide';
import { startDoctorPeriod } from './start-doctor-period/start-doctor-period.decide';
import { updateContract } from './update-contract/update-contract.decide';

const NO_RECEIVING_LIST = { exists: false, activeOnEffectiveDate: false } as const;

/** The contract decider: ceiling, status, doctor periods, reductions, cancellation and dated details (DESIGN §3.2). */
export function decideContract(
  command: ContractCommand,
  state: ContractState,
  facts: ContractFacts = {},
): ContractEvent[] {
  switch (command.type) {
    case 'CreateContract':
      return createContract(command, state);
    case 'ChangeListCeiling':
      return changeListCeiling(command, state);
    case 'ChangeListStatus':
      return changeListStatus(command, state);
    case 'StartDoctorPeriod':
      return startDoctorPeriod(command, state, { registeredGps: facts.registeredGps ?? [] });
    case 'EndDoctorPeriod':
      return endDoctorPeriod(command, state);
    case 'ReduceList':
      return reduceList(command, state, {
        members: facts.members ?? [],
        receiving: facts.receiving ?? NO_RECEIVING_LIST,
        overshoot: facts.overshoot ?? 'accept',
      });
    case 'CancelContract':
      return cancelContract(command, state, {
        memberIds: facts.memberIds ?? [],
        receiving: facts.receiving ?? NO_RECEIVING_LIST,
      });
    case 'UpdateContract':
      return updateContract(command, state, {
        mainMunicipalityOn: facts.mainMunicipalityOn ?? state.municipality,
      });
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const contractDecider = {
  initialState: initialContractState,
  evolve: evolveContract,
  decide: decideContract,
} as const;
