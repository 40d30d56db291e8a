import { given, nin, on } from '@flr/testing';
import { changeGp, contract, filled, P, person, pOnA, twoLists } from './fixtures';

const gp = (hpr: number) => on('2020-01-01', { type: 'RegisterGp' as const, hpr, name: `Dr ${hpr}` });
const doctor = (
  hpr: number,
  relationship: 'LPFL' | 'LPVI',
  from: string,
  to?: string,
  substituteForHpr?: number,
) => ({
  type: 'StartDoctorPeriod' as const,
  contractId: 'L-A',
  hpr,
  relationship,
  from,
  to,
  substituteForHpr,
});

describe('contracts, doctors and ceilings (R27–R29, R34, R37)', () => {
  it('lowering the ceiling moves nobody (S34, R29)', async () => {
    await given(...twoLists(), ...filled('L-A', 5))
      .when(on('2024-03-01', { type: 'ChangeListCeiling', contractId: 'L-A', maxPatients: 3 }))
      .then([{ type: 'ListCeilingChanged', data: { maxPatients: 3, previousMaxPatients: 10 } }]);
  });

  it('refuses creating a contract id twice', async () => {
    await given(...twoLists())
      .when(on('2024-01-01', contract('L-A')))
      .thenRefuses('ALREADY_REGISTERED', 'R46');
  });

  it('a substitute period moves nobody (S39, R37)', async () => {
    await given(...twoLists(), ...pOnA(), gp(1), gp(2), on('2020-01-01', doctor(1, 'LPFL', '2020-01-01')))
      .when(on('2024-06-01', doctor(2, 'LPVI', '2024-07-01', '2024-09-01', 1)))
      .then([{ type: 'DoctorPeriodStarted', data: { relationship: 'LPVI', substituteForHpr: 1 } }]);
  });

  it('refuses a substitute for a GP with no fastlege period on the list (R37)', async () => {
    // GP 2 is registered and is a fastlege elsewhere, but never on L-A.
    await given(...twoLists(), gp(1), gp(2), gp(3), on('2020-01-01', doctor(1, 'LPFL', '2020-01-01')))
      .when(on('2024-06-01', doctor(3, 'LPVI', '2024-07-01', '2024-09-01', 2)))
      .thenRefuses('NOT_A_GP_OF_THE_LIST', 'R37');
    // A substitute for the list's own GP 1 (an LPVI period of GP 1 would not do either).
    await given(...twoLists(), gp(1), gp(3), on('2020-01-01', doctor(1, 'LPVI', '2020-01-01')))
      .when(on('2024-06-01', doctor(3, 'LPVI', '2024-07-01', '2024-09-01', 1)))
      .thenRefuses('NOT_A_GP_OF_THE_LIST', 'R37');
  });

  it('a successor on the same list keeps the patients (S37, R34a)', async () => {
    const { events, outcome } = await given(
      ...twoLists(),
      ...pOnA(),
      gp(1),
      gp(2),
      on('2020-01-01', doctor(1, 'LPFL', '2020-01-01')),
    )
      .when(on('2024-05-01', doctor(2, 'LPFL', '2024-08-01')))
      .thenEvents();
    expect(events.map((e) => e.type)).toEqual(['DoctorPeriodStarted']);
    expect(outcome.periodId).toEqual(expect.any(String));
  });

  it('refuses an unknown GP and an overlapping period of the same doctor', async () => {
    await given(...twoLists())
      .when(on('2024-05-01', doctor(9, 'LPFL', '2024-08-01')))
      .thenRefuses('UNKNOWN_GP');
    await given(...twoLists(), gp(1), on('2020-01-01', doctor(1, 'LPFL', '2020-01-01')))
      .when(on('2024-05-01', doctor(1, 'LPFL', '2024-08-01')))
      .thenRefuses('OVERLAPPING_PERIOD', 'R37');
  });

  it('a fellesliste takes the person onto the contract, not a doctor (S42)', async () => {
    await given(
      on('2020-01-01', contract('L-F', { commonList: true })),
      on('2020-01-01', contract('L-A')),
      ...pOnA(),
      gp(1),
      gp(2),
      gp(3),
      ...[1, 2, 3].map((h) => on('2020-01-01', { ...doctor(h, 'LPFL', '2020-01-01'), contractId: 'L-F' })),
    )
      .when(on('2024-03-15', changeGp(P, 'L-F')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-F' } }]);
  });
});

describe('barring after violence (R32)', () => {
  it('removes the person, who may not choose the list again (S47)', async () => {
    const remove = { type: 'RemoveFromList' as const, contractId: 'L-A', nin: P, moveToContractId: 'L-B' };
    await given(...twoLists(), ...pOnA(), gp(1), on('2020-01-01', doctor(1, 'LPFL', '2020-01-01')))
      .when(on('2024-03-10', remove))
      .then([
        { type: 'PersonBarredFromList', data: { contractId: 'L-A', hpr: 1 } },
        {
          type: 'PatientUnlisted',
          data: { contractId: 'L-A', to: '2024-04-01', endReason: 'REMOVED_VIOLENCE' },
        },
        {
          type: 'PatientListed',
          data: { contractId: 'L-B', beginReason: 'HELFO_MANUAL', countsTowardLimit: false },
        },
      ]);
    await given(...twoLists(), ...pOnA(), on('2024-03-10', remove))
      .when(on('2024-06-10', changeGp(P, 'L-A')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
  });

  it('the bar follows the doctor to another list', async () => {
    await given(
      ...twoLists(),
      on('2020-01-01', contract('L-C')),
      ...pOnA(),
      gp(1),
      on('2020-01-01', doctor(1, 'LPFL', '2020-01-01', '2024-05-01')),
      on('2024-03-10', { type: 'RemoveFromList', contractId: 'L-A', nin: P, moveToContractId: 'L-B' }),
      on('2024-05-01', { ...doctor(1, 'LPFL', '2024-05-01'), contractId: 'L-C' }),
    )
      .when(on('2024-06-10', changeGp(P, 'L-C')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
  });

  it('the daily job never places a removed person back on that list; the next list takes them', async () => {
    const { events } = await given(
      ...twoLists(),
      ...pOnA(),
      on('2024-03-10', { type: 'RemoveFromList' as const, contractId: 'L-A', nin: P }),
    )
      .when(on('2024-04-02', { type: 'RunDailyJob', date: '2024-04-02' }))
      .thenEvents();
    expect(events.filter((e) => e.type === 'PatientListed').map((e) => e.data)).toEqual([
      expect.objectContaining({ contractId: 'L-B', beginReason: 'AUTO_NEW_RESIDENT', from: '2024-05-01' }),
    ]);
  });

  it('refuses removing someone not on the list', async () => {
    await given(...twoLists(), ...pOnA())
      .when(on('2024-03-10', { type: 'RemoveFromList', contractId: 'L-B', nin: P }))
      .thenRefuses('NOT_ON_LIST', 'R32');
  });
});

describe('return within three years to a full list (R13b)', () => {
  const R = nin('1970-07-07');
  const history = (movedBackOn: string) => [
    ...twoLists(1, 10),
    on('2020-01-01', contract('L-BERGEN', { municipality: '4601' })),
    on('2020-01-01', person(R)),
    on('2020-01-01', { type: 'AssignPatient' as const, nin: R, contractId: 'L-A' }),
    on('2021-05-01', { type: 'RecordMove' as const, nin: R, municipality: '4601', movedOn: '2021-05-01' }),
    on('2021-05-02', changeGp(R, 'L-BERGEN')),
    on('2021-07-01', { type: 'ChangeListCeiling' as const, contractId: 'L-A', maxPatients: 0 }),
    on(movedBackOn, { type: 'RecordMove' as const, nin: R, municipality: '0301', movedOn: movedBackOn }),
  ];

  it('may return to the former full list within 3 years, for 6 months', async () => {
    await given(...history('2024-04-30'))
      .when(on('2024-10-29', changeGp(R, 'L-A')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { contractId: 'L-A', beginReason: 'MOVE_RETURN_3Y' } },
      ]);
  });

  it('not after the 6-month window', async () => {
    await given(...history('2024-04-30'))
      .when(on('2024-10-30', changeGp(R, 'L-A')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('not when moving back 3 years or more after leaving', async () => {
    await given(...history('2024-05-01'))
      .when(on('2024-05-02', changeGp(R, 'L-A')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });
});
