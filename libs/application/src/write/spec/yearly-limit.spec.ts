import { given, on } from '@flr/testing';
import { BERGEN, changeGp, contract, P, pOnA, twoLists } from './fixtures';

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

describe('yearly change limit: facts from other streams (R16 GP left, moves); rules in libs/domain/src/person/change-gp', () => {
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
