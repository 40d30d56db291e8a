import { deciderSpec } from '../../testing';
import { evolveMunicipality, initialMunicipalityState } from '../municipality.state';
import type { SetAutoAssignment } from './set-auto-assignment.command';
import { setAutoAssignment } from './set-auto-assignment.decide';

const { given } = deciderSpec({
  initialState: initialMunicipalityState,
  evolve: evolveMunicipality,
  decide: (command: SetAutoAssignment, state, _facts: undefined) => setAutoAssignment(command, state),
});
const toggle = (enabled: boolean, on: string): SetAutoAssignment => ({
  type: 'SetAutoAssignment',
  number: '4601',
  enabled,
  on,
});
const toggled = (enabled: boolean, on: string) => ({
  type: 'MunicipalityAutoAssignToggled' as const,
  data: { number: '4601', enabled, on },
});

describe('SetAutoAssignment (R9, §2.8)', () => {
  it('switches automatic assignment off from the day it is registered', () => {
    given()
      .when(toggle(false, '2024-03-01'), undefined)
      .then([{ type: 'MunicipalityAutoAssignToggled', data: { enabled: false, on: '2024-03-01' } }]);
  });

  it('setting it to what it already is writes nothing (on is the default)', () => {
    given().when(toggle(true, '2024-03-01'), undefined).thenNothing();
    given(toggled(false, '2024-03-01')).when(toggle(false, '2024-04-01'), undefined).thenNothing();
  });

  it('switches back on after an off', () => {
    given(toggled(false, '2024-03-01'))
      .when(toggle(true, '2024-05-01'), undefined)
      .then([{ type: 'MunicipalityAutoAssignToggled', data: { enabled: true } }]);
  });
});
