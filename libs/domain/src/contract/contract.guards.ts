import { InvalidInput } from '../errors';
import type { BusinessDate } from '../events';
import { refuse, unknown } from '../shared/refusals';
import type { ContractState } from './contract.state';

/** The list another one hands its patients to (R31 reduction, R34b cancellation), as plain facts. */
export interface ReceivingList {
  readonly exists: boolean;
  /** In force on the command's effective date. */
  readonly activeOnEffectiveDate: boolean;
  /** Its own cancellation is registered (R34b: it takes no new patients, even before it ends). */
  readonly cancellationRegistered?: boolean;
}

export function assertExists(state: ContractState): void {
  if (!state.exists) unknown('UNKNOWN_CONTRACT', 'No such contract');
}

export function invalid(field: string, message: string): never {
  throw new InvalidInput('INVALID_INPUT', [{ field, message }]);
}

export function assertReceiving(
  state: ContractState,
  toContractId: string,
  on: BusinessDate,
  receiving: ReceivingList | undefined,
): void {
  if (toContractId === state.contractId) invalid('toContractId', 'must be another contract');
  if (!receiving?.exists) unknown('UNKNOWN_CONTRACT', 'The receiving contract does not exist');
  if (!receiving.activeOnEffectiveDate)
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The receiving contract is not in force on ${on}`);
  if (receiving.cancellationRegistered)
    refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The receiving contract is cancelled: it takes no new patients');
}
