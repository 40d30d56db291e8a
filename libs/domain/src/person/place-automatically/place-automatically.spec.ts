import { barred, listed, on, optedOut, P, personSpec, placeAutomatically, registered } from '../../testing';
import { placeAutomatically as decide } from './place-automatically.decide';

const { given } = personSpec(decide);

describe('PlaceAutomatically (R7, R10, R32, §1.2)', () => {
  it('places a person with no list, never counted as a change (R7, R16)', () => {
    given(registered(P))
      .when(on('2024-04-02', placeAutomatically('L-B', '2024-05-01')))
      .then([
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            from: '2024-05-01',
            beginReason: 'AUTO_NEW_RESIDENT',
            countsTowardLimit: false,
          },
        },
      ]);
  });

  it('a newborn goes to the mother’s list even when it is full (R10: the job passes no capacity check here)', () => {
    given(registered(P, { birthDate: '2024-03-30', parentIds: ['M'] }))
      .when(on('2024-04-02', placeAutomatically('L-M', '2024-05-01', 'NEWBORN', { freePlaces: 0 })))
      .then([{ type: 'PatientListed', data: { beginReason: 'NEWBORN' } }]);
  });

  it('refuses someone who already has a GP on the date (R7), a plain D-number holder (§1.2), the opted out (R4)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-04-02', placeAutomatically('L-B', '2024-05-01')))
      .thenRefuses('ALREADY_ON_LIST', 'R7');
    given(registered(P, { ninKind: 'DNR', entitlement: 'asylum-seeker' }))
      .when(on('2024-04-02', placeAutomatically('L-B', '2024-05-01')))
      .thenRefuses('NOT_ENTITLED', 'R7');
    given(registered(P), optedOut(P, '2024-01-01'))
      .when(on('2024-04-02', placeAutomatically('L-B', '2024-05-01')))
      .thenRefuses('NOT_ENTITLED', 'R4');
  });

  it('never places a person back on a list they were barred from (R32)', () => {
    given(registered(P), barred(P, 'L-B'))
      .when(on('2024-04-02', placeAutomatically('L-B', '2024-05-01')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
  });
});
