import { given, on } from '@flr/testing';
import { assign, changeGp, daily, filled, P, person, pOnA, twoLists } from './fixtures';

const lock = (contractId: string) => ({
  type: 'ChangeListStatus' as const,
  contractId,
  status: 'locked' as const,
});

describe('placements by the register and list status (R14, R28)', () => {
  it('AssignPatient needs a free place unless an override reason is given (R28)', async () => {
    await given(...twoLists(10, 1), ...filled('L-B', 1), on('2024-01-01', person(P)))
      .when(on('2024-03-01', assign(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R14');
    await given(...twoLists(10, 1), ...filled('L-B', 1), on('2024-01-01', person(P)))
      .when(
        on('2024-03-01', {
          type: 'AssignPatient',
          nin: P,
          contractId: 'L-B',
          overrideReason: 'municipal decision',
        }),
      )
      .then([
        { type: 'PatientListed', data: { overrideReason: 'municipal decision', countsTowardLimit: false } },
      ]);
  });

  it('a locked list takes nobody, and the daily job leaves it locked (R14)', async () => {
    await given(...twoLists(), ...pOnA(), on('2024-01-01', lock('L-B')))
      .when(on('2024-03-15', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R14');
    const { events } = await given(
      ...twoLists(),
      on('2024-01-01', lock('L-A')),
      on('2024-01-01', lock('L-B')),
      on('2024-01-02', person(P)),
    )
      .when(on('2024-03-15', daily('2024-03-15')))
      .thenEvents();
    expect(events.map((e) => e.type)).toEqual(['DailyJobCompleted']);
  });

  it('changing the status by hand, and to the same status (no event)', async () => {
    await given(...twoLists())
      .when(on('2024-01-01', lock('L-A')))
      .then([
        { type: 'ListStatusChanged', data: { status: 'locked', previousStatus: 'open', by: 'manual' } },
      ]);
    await given(...twoLists(), on('2024-01-01', lock('L-A')))
      .when(on('2024-01-02', lock('L-A')))
      .then([]);
  });

  it('refuses opting out twice and ending an unknown doctor period', async () => {
    await given(...twoLists(), ...pOnA(), on('2024-01-01', { type: 'OptOut', nin: P }))
      .when(on('2024-02-01', { type: 'OptOut', nin: P }))
      .thenRefuses('ALREADY_OPTED_OUT', 'R4');
    await given(...twoLists())
      .when(
        on('2024-02-01', { type: 'EndDoctorPeriod', contractId: 'L-A', periodId: 'nope', to: '2024-03-01' }),
      )
      .thenRefuses('UNKNOWN_DOCTOR_PERIOD');
  });
});
