import { child, died, listed, on, optedOut, optIn, P, parent, personSpec } from '../../testing';
import { optIn as decide } from './opt-in.decide';

const { given } = personSpec(decide);

describe('OptIn (R42)', () => {
  it('brings an opted-out person back into the scheme', () => {
    given(listed(P, 'L-A'), optedOut(P, '2024-03-15'))
      .when(on('2024-06-01', optIn()))
      .then([{ type: 'PersonOptedIn', data: { on: '2024-06-01' } }]);
  });

  it('refuses someone who has not opted out (R42), and a dead person (R38)', () => {
    given(listed(P, 'L-A')).when(on('2024-06-01', optIn())).thenRefuses('NOT_OPTED_OUT', 'R42');
    given(listed(P, 'L-A'), optedOut(P, '2024-03-15'), died(P, '2024-04-01'))
      .when(on('2024-06-01', optIn()))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R38');
  });

  it('a parent at the same address may opt a child back in; not from another address (R11)', () => {
    given(child('2015-01-01'), optedOut(P, '2024-03-15'))
      .when(on('2024-06-01', optIn(parent())))
      .then([{ type: 'PersonOptedIn' }]);
    given(child('2015-01-01'), optedOut(P, '2024-03-15'))
      .when(on('2024-06-01', optIn(parent('M', false))))
      .thenRefuses('NOT_AUTHORISED', 'R11');
  });
});
