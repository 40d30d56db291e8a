import { changeNin, on, P, personSpec, registered } from '../../testing';
import { changeNin as decide } from './change-nin.decide';

const { given } = personSpec(decide);

describe('ChangeNin (R41)', () => {
  it('re-keys the person in one event: the history stays under the internal id (S45)', () => {
    given(registered(P, { nin: '55038512357', ninKind: 'DNR', entitlement: 'asylum-seeker' }))
      .when(on('2024-01-10', changeNin('15038512363')))
      .then([
        { type: 'PersonNinChanged', data: { personId: P, oldNin: '55038512357', newNin: '15038512363' } },
      ]);
  });

  it('a D-number holder given an FNR becomes an FNR holder', () => {
    const state = given(registered(P, { nin: '55038512357', ninKind: 'DNR' }))
      .when(on('2024-01-10', changeNin('15038512363')))
      .thenState();
    expect(state.ninKind).toBe('FNR');
  });

  it('refuses a D-number in place of a fødselsnummer (R41, §1.2); a new fødselsnummer is fine', () => {
    given(registered(P, { nin: '15038512363', ninKind: 'FNR' }))
      .when(on('2024-01-10', changeNin('55038512357')))
      .thenRefuses('INVALID_INPUT');
    given(registered(P, { nin: '15038512363', ninKind: 'FNR' }))
      .when(on('2024-01-10', changeNin('24029012349')))
      .then([{ type: 'PersonNinChanged' }]);
  });

  it('refuses a new NIN that belongs to another registered person (R41); its own holder is no conflict', () => {
    given(registered(P))
      .when(on('2024-01-10', changeNin('15038512363', 'Q')))
      .thenRefuses('ALREADY_REGISTERED', 'R41');
    given(registered(P))
      .when(on('2024-01-10', changeNin('15038512363', P)))
      .then([{ type: 'PersonNinChanged' }]);
  });

  it('refuses the current NIN as the new one, and an unknown person', () => {
    given(registered(P, { nin: '15038512363' }))
      .when(on('2024-01-10', changeNin('15038512363', P)))
      .thenRefuses('INVALID_INPUT');
    given()
      .when(on('2024-01-10', changeNin('15038512363')))
      .thenRefuses('UNKNOWN_PERSON');
  });
});
