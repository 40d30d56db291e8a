import type { CancelContract, CancelContractFacts } from './cancel-contract/cancel-contract.command';
import type { ChangeListCeiling } from './change-list-ceiling/change-list-ceiling.command';
import type { ChangeListStatus } from './change-list-status/change-list-status.command';
import type { CreateContract } from './create-contract/create-contract.command';
import type { EndDoctorPeriod } from './end-doctor-period/end-doctor-period.command';
import type { ReduceList, ReduceListFacts } from './reduce-list/reduce-list.command';
import type {
  StartDoctorPeriod,
  StartDoctorPeriodFacts,
} from './start-doctor-period/start-doctor-period.command';
import type { UpdateContract, UpdateContractFacts } from './update-contract/update-contract.command';

/** The contract stream's commands, one folder each (`<command>/<command>.{command,decide,spec}.ts`). */
export type ContractCommand =
  | CreateContract
  | ChangeListCeiling
  | ChangeListStatus
  | StartDoctorPeriod
  | EndDoctorPeriod
  | ReduceList
  | CancelContract
  | UpdateContract;

/** Facts from outside the contract stream, as plain data: each command reads the ones it needs. */
export type ContractFacts = Partial<
  StartDoctorPeriodFacts & ReduceListFacts & CancelContractFacts & UpdateContractFacts
>;

export type {
  CancelContract,
  CancelContractFacts,
  ChangeListCeiling,
  ChangeListStatus,
  CreateContract,
  EndDoctorPeriod,
  ReduceList,
  ReduceListFacts,
  StartDoctorPeriod,
  StartDoctorPeriodFacts,
  UpdateContract,
  UpdateContractFacts,
};
