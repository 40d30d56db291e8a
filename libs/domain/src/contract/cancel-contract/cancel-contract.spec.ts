import { contractCanceled, contractCreated, contractSpec } from '../../testing';
import type { CancelContract, CancelContractFacts } from './cancel-contract.command';
import { cancelContract } from './cancel-contract.decide';

const { given } = contractSpec(cancelContract);
const cancel = (more: Partial<CancelContract> = {}): CancelContract => ({
  type: 'CancelContract',
  effectiveFrom: '2024-06-01',
  moveToContractId: 'L-B',
  endReason: 'CONTRACT_ENDED',
  ...more,
});
const facts: CancelContractFacts = {
  memberIds: ['p1', 'p2'],
  receiving: { exists: true, activeOnEffectiveDate: true },
};

describe('CancelContract (R34b)', () => {
  it('records every patient to move to the receiving list', () => {
    given(contractCreated('L-A'))
      .when(cancel(), facts)
      .then([{ type: 'ContractCanceled', data: { moveToContractId: 'L-B', movedPersonIds: ['p1', 'p2'] } }]);
  });

  it('refuses a second cancellation, a date before the contract, and moving to itself', () => {
    given(contractCreated('L-A'), contractCanceled())
      .when(cancel(), facts)
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    given(contractCreated('L-A'))
      .when(cancel({ effectiveFrom: '2001-01-01' }), facts)
      .thenRefuses('INVALID_INPUT');
    given(contractCreated('L-A'))
      .when(cancel({ moveToContractId: 'L-A' }), facts)
      .thenRefuses('INVALID_INPUT');
  });

  it('refuses a receiving list not in force on the date (R34)', () => {
    given(contractCreated('L-A'))
      .when(cancel(), { ...facts, receiving: { exists: true, activeOnEffectiveDate: false } })
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});
