import { given, on } from '@flr/testing';
import { contract, P, person } from './fixtures';

const renumberOsloIntoStavanger = {
  type: 'RenumberMunicipality' as const,
  number: '0301',
  newNumber: '1103',
  effectiveFrom: '2025-01-01',
};

describe('renumbering must be a real reform or carry an override reason (§1.8, defect 3)', () => {
  it('refuses 0301 → 1103 (Oslo into Stavanger) and writes nothing', async () => {
    await given()
      .when(on('2024-12-01', renumberOsloIntoStavanger))
      .thenRefuses('RENUMBERING_NOT_A_KNOWN_REFORM', '§1.8');
  });

  it('records the override reason in the event when one is given', async () => {
    const overrideReason = 'test of an unlisted reform';
    await given()
      .when(on('2024-12-01', { ...renumberOsloIntoStavanger, overrideReason }))
      .then([
        { type: 'MunicipalityRenumbered', data: { oldNumber: '0301', newNumber: '1103', overrideReason } },
      ]);
  });

  it('accepts a reform from the national code history without a reason', async () => {
    await given()
      .when(
        on('2019-06-01', {
          type: 'RenumberMunicipality',
          number: '0219',
          newNumber: '3024',
          effectiveFrom: '2020-01-01',
        }),
      )
      .then([{ type: 'MunicipalityRenumbered', data: { newNumber: '3024' } }]);
  });
});

describe('persons and contracts only in a municipality number in force on the date (§1.8, defect 3)', () => {
  it('refuses registering a person in 0219 today (Bærum has been 3201 since 2024)', async () => {
    await given()
      .when(on('2026-12-04', person(P, { municipality: '0219' })))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    await given()
      .when(on('2026-12-04', person(P, { municipality: '3201' })))
      .then([{ type: 'PersonRegistered', data: { municipality: '3201' } }]);
  });

  it('refuses a contract in 4601 in 2005 (Bergen was 1201 until 2020)', async () => {
    await given()
      .when(on('2005-03-01', contract('L-BERGEN', { municipality: '4601' })))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    await given()
      .when(on('2005-03-01', contract('L-BERGEN', { municipality: '1201' })))
      .then([{ type: 'ContractCreated', data: { municipality: '1201' } }]);
  });

  it('refuses a move to a number not in force on the move date', async () => {
    const registered = on('2019-05-01', person(P, { municipality: '0301' }));
    await given(registered)
      .when(on('2021-03-02', { type: 'RecordMove', nin: P, municipality: '0219', movedOn: '2021-03-01' }))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    // Reported after the reform, a move made before it keeps the number of its day.
    await given(registered)
      .when(on('2020-01-05', { type: 'RecordMove', nin: P, municipality: '0219', movedOn: '2019-12-20' }))
      .then([{ type: 'PersonMoved', data: { municipality: '0219' } }, { type: 'LetterSent' }]);
  });

  it("follows the register's own renumbering: the old number ends, the new one starts on its date", async () => {
    const renumbered = on('2024-12-01', {
      ...renumberOsloIntoStavanger,
      newNumber: '0399',
      overrideReason: 'test',
    });
    await given(renumbered)
      .when(on('2025-01-02', person(P, { municipality: '0301' })))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    await given(renumbered)
      .when(on('2025-01-02', person(P, { municipality: '0399' })))
      .then([{ type: 'PersonRegistered', data: { municipality: '0399' } }]);
  });

  it('refuses a contract in the old number once the renumbering took effect; before, it keeps the old number (the read models renumber it)', async () => {
    const renumbered = on('2024-12-01', {
      ...renumberOsloIntoStavanger,
      newNumber: '0399',
      overrideReason: 'test',
    });
    await given(renumbered)
      .when(on('2025-01-02', contract('L-A', { municipality: '0301', validFrom: '2025-01-02' })))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    await given(renumbered)
      .when(on('2025-01-02', contract('L-A', { municipality: '0399', validFrom: '2025-01-02' })))
      .then([{ type: 'ContractCreated', data: { municipality: '0399' } }]);
    // Created before the reform, the old number is the one in force on the command's day (§1.8):
    // the renumbering already recorded changes its code on its date, in every read model.
    await given(renumbered)
      .when(on('2024-12-15', contract('L-A', { municipality: '0301', validFrom: '2024-12-15' })))
      .then([{ type: 'ContractCreated', data: { municipality: '0301' } }]);
  });
});
