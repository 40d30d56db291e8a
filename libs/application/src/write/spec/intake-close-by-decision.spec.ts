import { type Fact, given, on } from '@flr/testing';
import { contract, daily, filled } from './fixtures';

/**
 * L-B full with 30 and closed by the job on 2024-03-01, its ceiling raised to 50, and opened by the
 * job on 2024-03-04 with nobody unassigned or waiting: its batch of 10 (R14) has taken in nobody yet.
 * L-A has 15 patients to move.
 */
const openedWithRoom: Fact[] = [
  on('2020-01-01', contract('L-A', { maxPatients: 30 })),
  on('2020-01-01', contract('L-B', { maxPatients: 30 })),
  ...filled('L-A', 15, 1960),
  ...filled('L-B', 30, 1970),
  on('2024-03-01', daily('2024-03-01')),
  on('2024-03-02', { type: 'ChangeListCeiling' as const, contractId: 'L-B', maxPatients: 50 }),
  on('2024-03-04', daily('2024-03-04')),
];

const status = (events: { type: string; data: unknown }[]) =>
  events
    .filter((e) => e.type === 'ListStatusChanged')
    .map((e) => e.data as { contractId: string; status: string });

describe('R14: a batch filled by a many-person decision closes the list at once, as one filled by choices does', () => {
  it('(the job opens L-B on 2024-03-04 with its 20 free places and nobody to place)', async () => {
    const { events } = await given(...openedWithRoom.slice(0, -1))
      .when(on('2024-03-04', daily('2024-03-04')))
      .thenEvents();
    expect(status(events)).toEqual([expect.objectContaining({ contractId: 'L-B', status: 'open' })]);
  });

  it('a reduction moving 12 onto a list the job opened records its close with the moves', async () => {
    const { events } = await given(...openedWithRoom)
      .when(
        on('2024-03-05', {
          type: 'ReduceList',
          contractId: 'L-A',
          count: 12,
          toContractId: 'L-B',
          effectiveFrom: '2024-05-01',
          seed: 'fixed',
        }),
      )
      .thenEvents();
    const moved = events.filter((e) => e.type === 'PatientListed').length;
    expect(moved).toBeGreaterThanOrEqual(12);
    expect(status(events)).toEqual([expect.objectContaining({ contractId: 'L-B', status: 'closed' })]);
  });

  it('a reduction moving fewer than 10 leaves the list open to the rest of its batch', async () => {
    const { events } = await given(...openedWithRoom)
      .when(
        on('2024-03-05', {
          type: 'ReduceList',
          contractId: 'L-A',
          count: 3,
          toContractId: 'L-B',
          effectiveFrom: '2024-05-01',
          seed: 'fixed',
        }),
      )
      .thenEvents();
    expect(status(events)).toEqual([]);
  });
});
