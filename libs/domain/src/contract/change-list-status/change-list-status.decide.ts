import type { ListStatusChanged } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertExists } from '../contract.guards';
import type { ContractState } from '../contract.state';
import type { ChangeListStatus } from './change-list-status.command';

/** R14: records a new status; the same status again writes nothing; a cancelled list has none to change. */
export function changeListStatus(command: ChangeListStatus, state: ContractState): ListStatusChanged[] {
  assertExists(state);
  if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is cancelled');
  if (command.status === state.status) return [];
  const data = {
    contractId: state.contractId,
    status: command.status,
    previousStatus: state.status,
    by: command.by,
    on: command.on,
  };
  return [{ type: 'ListStatusChanged', data }];
}
