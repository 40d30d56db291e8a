import type { ContractCreated } from '../../events';
import { refuse } from '../../shared/refusals';
import type { ContractState } from '../contract.state';
import type { CreateContract } from './create-contract.command';

/** R46: a contract id is registered once. (§1.8's municipality check needs the log: the handler does it.) */
export function createContract(command: CreateContract, state: ContractState): ContractCreated[] {
  if (state.exists) refuse('ALREADY_REGISTERED', 'R46', 'A contract with that id already exists');
  const { type: _t, ...data } = command;
  return [{ type: 'ContractCreated', data }];
}
