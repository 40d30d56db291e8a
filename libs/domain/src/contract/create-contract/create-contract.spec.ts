import { contractCreated, contractSpec } from '../../testing';
import type { CreateContract } from './create-contract.command';
import { createContract } from './create-contract.decide';

const { given } = contractSpec((c: CreateContract, s) => createContract(c, s));
const create: CreateContract = {
  type: 'CreateContract',
  ...contractCreated('L-A', { maxPatients: 1200 }).data,
};

describe('CreateContract (R46)', () => {
  it('registers the contract with its ceiling, status and validity', () => {
    given()
      .when(create, undefined)
      .then([{ type: 'ContractCreated', data: { contractId: 'L-A', maxPatients: 1200, status: 'open' } }]);
  });

  it('refuses a contract id already registered', () => {
    given(contractCreated('L-A')).when(create, undefined).thenRefuses('ALREADY_REGISTERED', 'R46');
  });
});
