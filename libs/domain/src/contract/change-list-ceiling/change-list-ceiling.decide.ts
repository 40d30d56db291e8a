import type { ListCeilingChanged } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertExists } from '../contract.guards';
import type { ContractState } from '../contract.state';
import type { ChangeListCeiling } from './change-list-ceiling.command';

/** R29: the ceiling changes from the day it is registered; the same ceiling again writes nothing. */
export function changeListCeiling(command: ChangeListCeiling, state: ContractState): ListCeilingChanged[] {
  assertExists(state);
  if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is cancelled');
  if (command.maxPatients === state.maxPatients) return [];
  const data = {
    contractId: state.contractId,
    maxPatients: command.maxPatients,
    previousMaxPatients: state.maxPatients,
    on: command.on,
  };
  return [{ type: 'ListCeilingChanged', data }];
}
