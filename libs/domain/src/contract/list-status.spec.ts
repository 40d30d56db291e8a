import { LIST_INTAKE_BATCH, type ListStatusFacts, recomputedListStatus } from './list-status';

const facts = (f: Partial<ListStatusFacts>): ListStatusFacts => ({
  status: 'open',
  freePlaces: 20,
  arrivalsSinceOpening: null,
  closedInThisRun: false,
  openingThreshold: 10,
  ...f,
});

describe('the status the daily job gives a list (R14)', () => {
  it('a closed list opens at 10 free places, not at 9, and not in the run that closed it', () => {
    expect(recomputedListStatus(facts({ status: 'closed', freePlaces: 9 }))).toBe('closed');
    expect(recomputedListStatus(facts({ status: 'closed', freePlaces: 10 }))).toBe('open');
    expect(recomputedListStatus(facts({ status: 'closed', freePlaces: 10, closedInThisRun: true }))).toBe(
      'closed',
    );
  });

  it('an open list closes with no free place', () => {
    expect(recomputedListStatus(facts({ freePlaces: 0 }))).toBe('closed');
    expect(recomputedListStatus(facts({ freePlaces: 1 }))).toBe('open');
  });

  it('a list the job opened closes once it has taken in its batch of 10, with places left or not', () => {
    expect(LIST_INTAKE_BATCH).toBe(10);
    expect(recomputedListStatus(facts({ arrivalsSinceOpening: 9 }))).toBe('open');
    expect(recomputedListStatus(facts({ arrivalsSinceOpening: 10 }))).toBe('closed');
  });

  it('a locked list stays locked whatever its places', () => {
    expect(recomputedListStatus(facts({ status: 'locked', freePlaces: 500 }))).toBe('locked');
  });
});
