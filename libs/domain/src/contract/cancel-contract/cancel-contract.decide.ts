import type { ContractCanceled } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertExists, assertReceiving, invalid } from '../contract.guards';
import type { ContractState } from '../contract.state';
import type { CancelContract, CancelContractFacts } from './cancel-contract.command';

/** R34b: every patient is moved; the process manager carries the moves out person by person. */
export function cancelContract(
  command: CancelContract,
  state: ContractState,
  facts: CancelContractFacts,
): ContractCanceled[] {
  assertExists(state);
  if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is already cancelled');
  if (command.effectiveFrom < state.validFrom)
    invalid('effectiveFrom', 'must not be before the contract started');
  if (command.moveToContractId === state.contractId) invalid('moveToContractId', 'must be another contract');
  assertReceiving(state, command.moveToContractId, command.effectiveFrom, facts.receiving);
  const data = {
    contractId: state.contractId,
    effectiveFrom: command.effectiveFrom,
    moveToContractId: command.moveToContractId,
    endReason: command.endReason,
    movedPersonIds: [...facts.memberIds],
  };
  return [{ type: 'ContractCanceled', data }];
}
