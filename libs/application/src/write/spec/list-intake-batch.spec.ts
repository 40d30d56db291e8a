import { type Fact, given, nin, on } from '@flr/testing';
import { changeGp, contract, daily, filled, person } from './fixtures';

const types = (events: { type: string }[]) => events.map((e) => e.type);
const count = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;

/** `n` unassigned Oslo residents registered on `date`. */
function waiting(n: number, date: string, birthYear = 1981): { facts: Fact[]; nins: string[] } {
  const nins = Array.from({ length: n }, (_, i) => nin(`${birthYear}-05-${String(i + 1).padStart(2, '0')}`));
  return { facts: nins.map((value) => on(date, person(value))), nins };
}

/** L-A full with 30 and closed by the job on 2024-03-01, then its ceiling raised to `ceiling`. */
function fullThenRaised(ceiling: number): Fact[] {
  return [
    on('2020-01-01', contract('L-A', { maxPatients: 30 })),
    ...filled('L-A', 30),
    on('2024-03-01', daily('2024-03-01')),
    on('2024-03-02', { type: 'ChangeListCeiling' as const, contractId: 'L-A', maxPatients: ceiling }),
  ];
}

describe('R14 batch of 10: a list that opens takes in 10 new inhabitants, then closes again (defect 12)', () => {
  it('with 20 free places and 20 waiting, a run opens the list, places 10 and closes it; the next run the next 10', async () => {
    const { facts: residents } = waiting(20, '2024-03-02');
    const facts = [...fullThenRaised(50), ...residents];
    const first = await given(...facts)
      .when(on('2024-03-04', daily('2024-03-04')))
      .thenEvents();
    expect(count(first.events, 'PatientListed')).toBe(10);
    const statuses = first.events.filter((e) => e.type === 'ListStatusChanged').map((e) => e.data);
    expect(statuses).toEqual([
      expect.objectContaining({ status: 'open', by: 'daily-job' }),
      expect.objectContaining({ status: 'closed', by: 'daily-job' }),
    ]);
    // The next run finds 10 free places anew: opens again and takes the other 10.
    const second = await given(...facts, on('2024-03-04', daily('2024-03-04')))
      .when(on('2024-03-05', daily('2024-03-05')))
      .thenEvents();
    expect(count(second.events, 'PatientListed')).toBe(10);
    expect(types(second.events).filter((t) => t === 'ListStatusChanged')).toHaveLength(2);
  });

  it('with fewer than 10 waiting it stays open until 10 have come, then refuses the 11th change', async () => {
    const { facts: residents } = waiting(3, '2024-03-02');
    const movers = Array.from({ length: 8 }, (_, i) => nin(`1977-07-${String(i + 1).padStart(2, '0')}`));
    const onOtherList = [
      on('2020-01-01', contract('L-B', { maxPatients: 20 })),
      ...movers.flatMap((m) => [
        on('2020-01-02', person(m)),
        on('2020-01-02', { type: 'AssignPatient' as const, nin: m, contractId: 'L-B' }),
      ]),
    ];
    const opened = [
      ...onOtherList,
      ...fullThenRaised(45),
      ...residents,
      on('2024-03-04', daily('2024-03-04')),
    ];
    // 3 placed by the job, then 7 who choose the list themselves make 10.
    const seven = movers.slice(0, 7).map((m) => on('2024-03-05', changeGp(m, 'L-A')));
    await given(...opened, ...seven)
      .when(on('2024-03-06', changeGp(movers[7], 'L-A')))
      .thenRefuses('NO_CAPACITY', 'R19');
    // One fewer and the list is still open to the 10th, whose arrival records the close (API.md: the
    // status queries answer is the one ChangeGP sees).
    await given(...opened, ...seven.slice(0, 6))
      .when(on('2024-03-06', changeGp(movers[7], 'L-A')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { contractId: 'L-A' } },
        { type: 'ListStatusChanged', data: { contractId: 'L-A', status: 'closed', by: 'daily-job' } },
      ]);
    // With 5 free places the next runs do not open it again.
    await given(...opened, ...seven, on('2024-03-06', daily('2024-03-06')))
      .when(on('2024-03-07', daily('2024-03-07')))
      .then([{ type: 'DailyJobCompleted', data: { placements: 0, statusChanges: 0 } }]);
  });
});
