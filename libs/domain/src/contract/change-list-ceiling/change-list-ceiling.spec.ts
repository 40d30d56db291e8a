import { contractCanceled, contractCreated, contractSpec } from '../../testing';
import type { ChangeListCeiling } from './change-list-ceiling.command';
import { changeListCeiling } from './change-list-ceiling.decide';

const { given } = contractSpec((c: ChangeListCeiling, s) => changeListCeiling(c, s));
const ceiling = (maxPatients: number): ChangeListCeiling => ({
  type: 'ChangeListCeiling',
  maxPatients,
  on: '2024-03-10',
});

describe('ChangeListCeiling (R29)', () => {
  it('records the new and the previous ceiling from the day of registration (it moves nobody)', () => {
    given(contractCreated('L-A', { maxPatients: 10 }))
      .when(ceiling(22), undefined)
      .then([
        { type: 'ListCeilingChanged', data: { maxPatients: 22, previousMaxPatients: 10, on: '2024-03-10' } },
      ]);
  });

  it('the same ceiling again writes nothing', () => {
    given(contractCreated('L-A', { maxPatients: 10 }))
      .when(ceiling(10), undefined)
      .thenNothing();
  });

  it('refuses an unknown or a cancelled contract', () => {
    given().when(ceiling(5), undefined).thenRefuses('UNKNOWN_CONTRACT');
    given(contractCreated('L-A'), contractCanceled())
      .when(ceiling(5), undefined)
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});
