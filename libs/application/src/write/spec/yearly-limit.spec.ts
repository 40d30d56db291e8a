import { given, nin, on } from '@flr/testing';
import { BERGEN, changeGp, contract, P, person, pOnA, twoLists } from './fixtures';

const lists = () => [
  ...twoLists(),
  on('2020-01-01', contract('L-C')),
  on('2020-01-01', contract('L-BERGEN', { municipality: BERGEN })),
];
/** P used two changes in 2024: to L-B in February, to L-A in June. */
const twoChanges = () => [
  ...lists(),
  ...pOnA(),
  on('2024-02-10', changeGp(P, 'L-B')),
  on('2024-06-10', changeGp(P, 'L-A')),
];

describe('yearly change limit (R15, R16, R18)', () => {
  it('accepts a second change in a year (2 vs 3: the boundary)', async () => {
    await given(...lists(), ...pOnA(), on('2024-02-10', changeGp(P, 'L-B')))
      .when(on('2024-06-10', changeGp(P, 'L-C')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: true, countedInYear: 2024 } },
      ]);
  });

  it('the first choice of someone on no list is not a change (R15: "a person on a list")', async () => {
    const u = nin('1993-09-09');
    await given(...lists(), on('2024-01-02', person(u)))
      .when(on('2024-01-03', changeGp(u, 'L-A')))
      .then([{ type: 'PatientListed', data: { countsTowardLimit: false, exemption: 'FIRST_CHOICE' } }]);
    // So two changes are left afterwards, and the third is refused.
    const chosen = [...lists(), on('2024-01-02', person(u)), on('2024-01-03', changeGp(u, 'L-A'))];
    await given(...chosen, on('2024-02-10', changeGp(u, 'L-B')))
      .when(on('2024-06-10', changeGp(u, 'L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: true } }]);
    await given(...chosen, on('2024-02-10', changeGp(u, 'L-B')), on('2024-06-10', changeGp(u, 'L-C')))
      .when(on('2024-09-01', changeGp(u, 'L-A')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('refuses a third voluntary change (S14)', async () => {
    await given(...twoChanges())
      .when(on('2024-09-01', changeGp(P, 'L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('resets on 1 January (S16)', async () => {
    await given(...twoChanges())
      .when(on('2025-01-02', changeGp(P, 'L-C')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countedInYear: 2025 } }]);
  });

  it('a change registered 20 December counts in the old year (R18 default)', async () => {
    await given(
      ...lists(),
      ...pOnA(),
      on('2024-02-10', changeGp(P, 'L-B')),
      on('2024-12-20', changeGp(P, 'L-A')),
    )
      .when(on('2025-01-05', changeGp(P, 'L-C')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2025-02-01' } },
        { type: 'PatientListed', data: { countedInYear: 2025, countsTowardLimit: true } },
      ]);
    await given(...lists(), ...pOnA(), on('2024-02-10', changeGp(P, 'L-B')))
      .when(on('2024-12-20', changeGp(P, 'L-A')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { from: '2025-01-01', countedInYear: 2024 } },
      ]);
  });

  it('with countYearBy=effective the 20 December change counts in the new year', async () => {
    await given(...lists(), ...pOnA())
      .withRules({ countYearBy: 'effective' })
      .when(on('2024-12-20', changeGp(P, 'L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countedInYear: 2025 } }]);
  });

  it('a reported move gives a change that does not count (S15)', async () => {
    await given(
      ...twoChanges(),
      on('2024-08-20', { type: 'RecordMove', nin: P, municipality: BERGEN, movedOn: '2024-08-20' }),
    )
      .when(on('2024-09-01', changeGp(P, 'L-BERGEN')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: false, exemption: 'MOVE' } },
      ]);
  });

  it('the move change is used once, and only inside the window (R16 [U] 6 months)', async () => {
    const moved = [
      ...twoChanges(),
      on('2024-06-20', { type: 'RecordMove' as const, nin: P, municipality: BERGEN, movedOn: '2024-06-20' }),
    ];
    // 2024-12-19 is inside six months of the move, 2024-12-20 is not.
    await given(...moved)
      .when(on('2024-12-19', changeGp(P, 'L-BERGEN')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'MOVE' } }]);
    await given(...moved)
      .when(on('2024-12-20', changeGp(P, 'L-BERGEN')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
    await given(...moved, on('2024-07-01', changeGp(P, 'L-C')))
      .when(on('2024-08-20', changeGp(P, 'L-BERGEN')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('a move within the municipality gives no extra change', async () => {
    await given(
      ...twoChanges(),
      on('2024-08-20', { type: 'RecordMove', nin: P, municipality: '0301', movedOn: '2024-08-20' }),
    )
      .when(on('2024-09-01', changeGp(P, 'L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('changes registered before the scheme started never count (§3.10, S55)', async () => {
    const early = nin('1960-05-05');
    await given(
      ...lists(),
      on('2001-03-01', { type: 'RegisterPerson', nin: early, municipality: '0301' }),
      on('2001-03-02', changeGp(early, 'L-A')),
      on('2001-04-02', changeGp(early, 'L-B')),
    )
      .when(on('2001-05-02', changeGp(early, 'L-C')))
      .then([
        { type: 'PendingListingWithdrawn' },
        { type: 'PatientListed', data: { from: '2001-06-01', exemption: 'BEFORE_SCHEME' } },
      ]);
  });

  it('when the GP leaves, the next change does not count (R16); while the GP stays it does', async () => {
    const gp = [
      on('2020-01-01', { type: 'RegisterGp' as const, hpr: 1001, name: 'Dr A' }),
      on('2020-01-01', {
        type: 'StartDoctorPeriod' as const,
        contractId: 'L-A',
        hpr: 1001,
        relationship: 'LPFL' as const,
        from: '2020-01-01',
        to: '2024-09-01',
      }),
    ];
    await given(...twoChanges(), ...gp)
      .when(on('2024-09-10', changeGp(P, 'L-C')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { exemption: 'GP_LEFT', countsTowardLimit: false } },
      ]);
    await given(...twoChanges(), ...gp)
      .when(on('2024-07-10', changeGp(P, 'L-C')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });
});
