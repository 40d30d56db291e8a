import { deciderSpec } from '../../testing';
import { evolveGp, initialGpState } from '../gp.state';
import type { RegisterGp } from './register-gp.command';
import { registerGp } from './register-gp.decide';

const { given } = deciderSpec({
  initialState: initialGpState,
  evolve: evolveGp,
  decide: (command: RegisterGp, state, _facts: undefined) => registerGp(command, state),
});
const kari: RegisterGp = {
  type: 'RegisterGp',
  hpr: 1001,
  name: 'Kari Nordmann',
  birthDate: '1975-02-11',
  sex: 'female',
  specialistInGeneralPractice: true,
};

describe('RegisterGp (R46)', () => {
  it('registers the GP with the master data given', () => {
    given()
      .when(kari, undefined)
      .then([
        {
          type: 'GpRegistered',
          data: { hpr: 1001, name: 'Kari Nordmann', specialistInGeneralPractice: true },
        },
      ]);
  });

  it('refuses an HPR number already registered', () => {
    const { type: _t, ...data } = kari;
    given({ type: 'GpRegistered', data }).when(kari, undefined).thenRefuses('ALREADY_REGISTERED', 'R46');
  });
});
