import type { ContractDetailsUpdated } from '../../events';
import { contractCanceled, contractCreated, contractSpec } from '../../testing';
import { contractDetailsOn } from '../contract.state';
import type { UpdateContract, UpdateContractFacts } from './update-contract.command';
import { updateContract } from './update-contract.decide';

const { given } = contractSpec((c: UpdateContract, s, f: UpdateContractFacts) => updateContract(c, s, f));
const oslo: UpdateContractFacts = { mainMunicipalityOn: '0301' };
const update = (validFrom: string, changes: UpdateContract['changes']): UpdateContract => ({
  type: 'UpdateContract',
  validFrom,
  changes,
});
const office = {
  officeName: 'Sagene legesenter',
  officeAddress: { street: 'Sandakerveien 24', postalCode: '0473', city: 'Oslo' },
};
const officeSet: ContractDetailsUpdated = {
  type: 'ContractDetailsUpdated',
  data: { contractId: 'L-A', validFrom: '2025-01-01', changes: office, previous: {} },
};

describe('UpdateContract (§2.4; FLR ContractUpdated)', () => {
  it('records only the fields that change, with their values on the validity date before', () => {
    given(contractCreated('L-A'))
      .when(update('2025-01-01', { ...office, fixedSalary: false, accessibleToMobilityImpaired: true }), oslo)
      .then([
        {
          type: 'ContractDetailsUpdated',
          data: {
            contractId: 'L-A',
            validFrom: '2025-01-01',
            changes: { ...office, accessibleToMobilityImpaired: true },
            previous: { officeName: null, officeAddress: null, accessibleToMobilityImpaired: null },
          },
        },
      ]);
  });

  it('records co-operating municipalities sorted and utekontor as given', () => {
    const utekontor = [
      {
        description: 'Tirsdager på Nydalen',
        address: { street: 'Nydalsveien 30', postalCode: '0484', city: 'Oslo' },
      },
    ];
    given(contractCreated('L-A'))
      .when(
        update('2025-01-01', { coopMunicipalities: ['3301', '3201'], outOfOfficeLocations: utekontor }),
        oslo,
      )
      .then([
        {
          type: 'ContractDetailsUpdated',
          data: { changes: { coopMunicipalities: ['3201', '3301'], outOfOfficeLocations: utekontor } },
        },
      ]);
  });

  it('refuses an update that changes nothing on its validity date (order of co-operating municipalities aside)', () => {
    given(contractCreated('L-A'), officeSet)
      .when(update('2025-06-01', { officeName: 'Sagene legesenter' }), oslo)
      .thenRefuses('NOTHING_CHANGED', '§2.4');
    given(contractCreated('L-A', { fixedSalary: true }))
      .when(update('2025-06-01', { fixedSalary: true }), oslo)
      .thenRefuses('NOTHING_CHANGED', '§2.4');
  });

  it('compares with the details in force on the validity date: the same name earlier is a change', () => {
    given(contractCreated('L-A'), officeSet)
      .when(update('2024-06-01', { officeName: 'Sagene legesenter' }), oslo)
      .then([{ type: 'ContractDetailsUpdated', data: { previous: { officeName: null } } }]);
  });

  it('refuses a validity date before the contract starts, or from its end', () => {
    given(contractCreated('L-A', { validFrom: '2024-01-01' }))
      .when(update('2023-12-31', { fixedSalary: true }), oslo)
      .thenRefuses('UPDATE_BEFORE_CONTRACT_START', '§2.4');
    given(contractCreated('L-A'), contractCanceled('L-B', '2025-06-01'))
      .when(update('2025-06-01', { fixedSalary: true }), oslo)
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('refuses the main municipality (also under its number on the date) or a duplicate as co-operating', () => {
    given(contractCreated('L-A'))
      .when(update('2025-01-01', { coopMunicipalities: ['3201', '0301'] }), oslo)
      .thenRefuses('COOP_INCLUDES_MAIN_MUNICIPALITY', '§2.4');
    given(contractCreated('L-A', { municipality: '0219' }))
      .when(update('2024-01-01', { coopMunicipalities: ['3201'] }), { mainMunicipalityOn: '3201' })
      .thenRefuses('COOP_INCLUDES_MAIN_MUNICIPALITY', '§2.4');
    given(contractCreated('L-A'))
      .when(update('2025-01-01', { coopMunicipalities: ['3201', '3201'] }), oslo)
      .thenRefuses('INVALID_INPUT');
  });

  it('refuses an unknown contract and an update with no field', () => {
    given()
      .when(update('2025-01-01', { fixedSalary: true }), oslo)
      .thenRefuses('UNKNOWN_CONTRACT');
    given(contractCreated('L-A')).when(update('2025-01-01', {}), oslo).thenRefuses('INVALID_INPUT');
  });

  it('answers the details in force on a date: as created before, updated from the validity date', () => {
    const state = given(contractCreated('L-A'), officeSet)
      .when(update('2026-01-01', { fixedSalary: true }), oslo)
      .thenState();
    expect(contractDetailsOn(state, '2024-12-31')).toMatchObject({ officeName: null, fixedSalary: false });
    expect(contractDetailsOn(state, '2025-01-01')).toMatchObject({
      officeName: 'Sagene legesenter',
      fixedSalary: false,
    });
    expect(contractDetailsOn(state, '2026-01-01')).toMatchObject({
      officeName: 'Sagene legesenter',
      fixedSalary: true,
    });
  });
});
