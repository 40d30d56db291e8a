import { given, on } from '@flr/testing';
import { changeGp, contract, filled, P, pOnA, person, twoLists } from './fixtures';

describe('changing GP: the facts from other streams (capacity §4.4, contracts, NINs); rules in libs/domain/src/person/change-gp', () => {
  it('refuses a list with no free place, offering the waiting list (R19, S18)', async () => {
    await given(...twoLists(10, 2), ...filled('L-B', 2), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('accepts the last free place (both sides of the capacity boundary)', async () => {
    await given(...twoLists(10, 2), ...filled('L-B', 1), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-B' } }]);
  });

  it('counts pending arrivals against capacity (§4.4)', async () => {
    const other = '15038512363';
    await given(
      ...twoLists(10, 1),
      ...pOnA(),
      on('2024-03-01', person(other)),
      on('2024-03-02', changeGp(other, 'L-B')),
    )
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('refuses an unknown contract and an unknown person', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-X')))
      .thenRefuses('UNKNOWN_CONTRACT');
    await given(...twoLists())
      .when(on('2024-03-15', changeGp(P, 'L-A')))
      .thenRefuses('UNKNOWN_PERSON');
  });

  it('refuses a contract not yet in force on the effective date (R34)', async () => {
    await given(...twoLists(), on('2024-01-01', contract('L-N', { validFrom: '2024-05-01' })), ...pOnA())
      .when(on('2024-03-15', changeGp(P, 'L-N')))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});
