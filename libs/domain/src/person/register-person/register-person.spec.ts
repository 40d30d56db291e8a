import { on, P, personSpec, registered, registerPerson } from '../../testing';
import { registerPerson as decide } from './register-person.decide';

const { given } = personSpec(decide);

describe('RegisterPerson (R46)', () => {
  it('starts the stream with the person as the population register gives them, dated today', () => {
    given()
      .when(on('2024-01-10', registerPerson({ municipality: '4601', parentIds: ['M'], householdId: 'H-2' })))
      .then([
        {
          type: 'PersonRegistered',
          data: {
            personId: P,
            municipality: '4601',
            parentIds: ['M'],
            householdId: 'H-2',
            registeredOn: '2024-01-10',
          },
        },
      ]);
  });

  it("a D-number holder registered with a flagged parent is entitled on the parent's ground (R2: and their family)", () => {
    const child = { ninKind: 'DNR' as const, parentIds: ['M'] };
    given()
      .when(on('2024-01-10', registerPerson(child, { parentEntitlements: ['asylum-seeker'] })))
      .then([{ type: 'PersonRegistered', data: { entitlement: 'asylum-seeker' } }]);
    given()
      .when(on('2024-01-10', registerPerson(child, { parentEntitlements: [] })))
      .then([{ type: 'PersonRegistered', data: { entitlement: null } }]);
    // A fødselsnummer needs no flag: nothing is inherited.
    given()
      .when(on('2024-01-10', registerPerson({ parentIds: ['M'] }, { parentEntitlements: ['nato'] })))
      .then([{ type: 'PersonRegistered', data: { entitlement: null } }]);
  });

  it('refuses a NIN that is already registered (R46), whoever holds it', () => {
    given()
      .when(on('2024-01-10', registerPerson({}, { ninHolder: 'Q' })))
      .thenRefuses('ALREADY_REGISTERED', 'R46');
    given(registered(P)).when(on('2024-01-10', registerPerson())).thenRefuses('ALREADY_REGISTERED', 'R46');
  });
});
