import { BERGEN, changed, changeGp, listed, moved, OSLO, on, P, personSpec, registered } from '../../testing';
import { changeGp as decide } from './change-gp.decide';

const { given } = personSpec(decide);

/** P used two changes in 2024: to L-B in February (from 1 March), to L-A in June (from 1 July). */
const twoChanges = () => [listed(P, 'L-A'), changed(P, 'L-B', '2024-03'), changed(P, 'L-A', '2024-07')];

describe('ChangeGP: the yearly change limit (R15, R16, R18)', () => {
  it('accepts a second change in a year (2 vs 3: the boundary)', () => {
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'))
      .when(on('2024-06-10', changeGp('L-C')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: true, countedInYear: 2024 } },
      ]);
  });

  it('refuses a third voluntary change (S14)', () => {
    given(...twoChanges())
      .when(on('2024-09-01', changeGp('L-C')))
      .thenRefusesWith('YEARLY_LIMIT_REACHED', 'R15', { year: 2024 });
  });

  it('the first choice of someone on no list is not a change (R15: "a person on a list")', () => {
    given(registered(P))
      .when(on('2024-01-03', changeGp('L-A')))
      .then([{ type: 'PatientListed', data: { countsTowardLimit: false, exemption: 'FIRST_CHOICE' } }]);
    const chosen = [
      registered(P),
      listed(P, 'L-A', '2024-02-01', { beginReason: 'CHOICE', exemption: 'FIRST_CHOICE' }),
    ];
    given(...chosen, changed(P, 'L-B', '2024-03'))
      .when(on('2024-06-10', changeGp('L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: true } }]);
    given(...chosen, changed(P, 'L-B', '2024-03'), changed(P, 'L-C', '2024-07'))
      .when(on('2024-09-01', changeGp('L-A')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('resets on 1 January (S16)', () => {
    given(...twoChanges())
      .when(on('2025-01-02', changeGp('L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countedInYear: 2025 } }]);
  });

  it('a change registered 20 December counts in the old year (R18 default)', () => {
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'))
      .when(on('2024-12-20', changeGp('L-A')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { from: '2025-01-01', countedInYear: 2024 } },
      ]);
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'), changed(P, 'L-A', '2025-01'))
      .when(on('2025-01-05', changeGp('L-C')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2025-02-01' } },
        { type: 'PatientListed', data: { countedInYear: 2025, countsTowardLimit: true } },
      ]);
  });

  it('with countYearBy=effective the 20 December change counts in the new year', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-12-20', changeGp('L-B'), { countYearBy: 'effective' }))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countedInYear: 2025 } }]);
  });

  it('a yearly limit of 3 allows a third change', () => {
    given(...twoChanges())
      .when(on('2024-09-01', changeGp('L-C'), { yearlyChangeLimit: 3 }))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: true } }]);
  });

  it('a reported move between municipalities gives a change that does not count (S15, R16)', () => {
    given(...twoChanges(), moved(P, BERGEN, '2024-08-20'))
      .when(on('2024-09-01', changeGp('L-BERGEN')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: false, exemption: 'MOVE' } },
      ]);
  });

  it('the move change is used once, and only inside the window (R16 [U] 6 months)', () => {
    const afterMove = [...twoChanges(), moved(P, BERGEN, '2024-06-20')];
    // 2024-12-19 is inside six months of the move, 2024-12-20 is not.
    given(...afterMove)
      .when(on('2024-12-19', changeGp('L-BERGEN')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'MOVE' } }]);
    given(...afterMove)
      .when(on('2024-12-20', changeGp('L-BERGEN')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    given(
      ...afterMove,
      changed(P, 'L-C', '2024-08', { countsTowardLimit: false, countedInYear: null, exemption: 'MOVE' }),
    )
      .when(on('2024-08-20', changeGp('L-BERGEN')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('each reported move gives its own change: two moves in the window give two (S15, R16)', () => {
    const STAVANGER = '1103';
    const twoMoves = [...twoChanges(), moved(P, BERGEN, '2024-08-05'), moved(P, STAVANGER, '2024-08-20')];
    const moveChange = (contractId: string, month: string) =>
      changed(P, contractId, month, { countsTowardLimit: false, countedInYear: null, exemption: 'MOVE' });
    // The first move's change used in August (from 1 September): the second move still gives one.
    given(...twoMoves, moveChange('L-BERGEN', '2024-09'))
      .when(on('2024-09-10', changeGp('L-STAVANGER')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'MOVE' } }]);
    // Both used: a third is refused.
    given(...twoMoves, moveChange('L-BERGEN', '2024-09'), moveChange('L-STAVANGER', '2024-10'))
      .when(on('2024-10-10', changeGp('L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    // A change used for an earlier move does not use up a later one's.
    given(
      ...twoChanges(),
      moved(P, BERGEN, '2024-03-05'),
      moveChange('L-BERGEN', '2024-04'),
      moved(P, STAVANGER, '2024-08-20'),
    )
      .when(on('2024-09-01', changeGp('L-STAVANGER')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'MOVE' } }]);
  });

  it('a move within the municipality gives no extra change', () => {
    given(...twoChanges(), moved(P, OSLO, '2024-08-20'))
      .when(on('2024-09-01', changeGp('L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('changes registered before the scheme started never count (§3.10, S55)', () => {
    const early = registered(P, { birthDate: '1960-05-05', registeredOn: '2001-03-01' });
    const pending = listed(P, 'L-B', '2001-06-01', { beginReason: 'CHOICE', exemption: 'BEFORE_SCHEME' });
    given(early, pending)
      .when(on('2001-05-02', changeGp('L-C')))
      .then([
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-B' } },
        { type: 'PatientListed', data: { from: '2001-06-01', exemption: 'BEFORE_SCHEME' } },
      ]);
  });

  it('when the GP of the list left, the next change does not count (R16); while the GP stays it does', () => {
    given(...twoChanges())
      .when(on('2024-09-10', changeGp('L-C', { fastlegeEndsOnCurrentList: ['2024-09-01'] })))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { exemption: 'GP_LEFT', countsTowardLimit: false } },
      ]);
    given(...twoChanges())
      .when(on('2024-07-10', changeGp('L-C', { fastlegeEndsOnCurrentList: [] })))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('the GP-left change lasts 6 months from the departure and is used once (R16 [U])', () => {
    given(...twoChanges())
      .when(
        on('2025-02-28', changeGp('L-C', { fastlegeEndsOnCurrentList: ['2024-09-01'] }), {
          yearlyChangeLimit: 0,
        }),
      )
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'GP_LEFT' } }]);
    given(...twoChanges())
      .when(
        on('2025-03-01', changeGp('L-C', { fastlegeEndsOnCurrentList: ['2024-09-01'] }), {
          yearlyChangeLimit: 0,
        }),
      )
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    given(
      ...twoChanges(),
      changed(P, 'L-C', '2024-10', { countsTowardLimit: false, countedInYear: null, exemption: 'GP_LEFT' }),
    )
      .when(on('2024-10-10', changeGp('L-B', { fastlegeEndsOnCurrentList: ['2024-09-01'] })))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('a fastlege period ending after the change takes effect is no departure yet; an announced one is (R16)', () => {
    given(...twoChanges())
      .when(on('2024-07-10', changeGp('L-C', { fastlegeEndsOnCurrentList: ['2024-09-01'] })))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    given(...twoChanges())
      .when(on('2024-08-10', changeGp('L-C', { fastlegeEndsOnCurrentList: ['2019-05-01', '2024-09-01'] })))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'GP_LEFT' } }]);
  });

  it('a GP who left before the person came onto the list was never theirs: no GP-left change (R16)', () => {
    // P is on L-A again from 1 July 2024; its fastlege left on 1 June, or on the day P arrived.
    for (const end of ['2024-06-01', '2024-07-01'])
      given(...twoChanges())
        .when(on('2024-08-10', changeGp('L-C', { fastlegeEndsOnCurrentList: [end] })))
        .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('moved off a cancelled list, the move counts as the GP leaving (R16, R34b)', () => {
    const moved = [...twoChanges(), listed(P, 'L-R', '2024-08-01', { beginReason: 'CONTRACT_END_MOVE' })];
    given(...moved)
      .when(on('2024-09-10', changeGp('L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'GP_LEFT' } }]);
    given(...moved)
      .when(on('2025-02-01', changeGp('L-C'), { yearlyChangeLimit: 0 }))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('a move by a list reduction gives one extra change once the limit is reached (R16, BANETT)', () => {
    const reduced = [...twoChanges(), listed(P, 'L-R', '2024-08-01', { beginReason: 'REDUCTION_MOVE' })];
    given(...reduced)
      .when(on('2024-09-10', changeGp('L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'REDUCTION_EXTRA' } }]);
    given(
      ...reduced,
      changed(P, 'L-C', '2024-10', {
        countsTowardLimit: false,
        countedInYear: null,
        exemption: 'REDUCTION_EXTRA',
      }),
    )
      .when(on('2024-10-10', changeGp('L-B')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });
});
