import type { GpRegistered } from '../../events';
import { deciderSpec } from '../../testing';
import { evolveGp, gpDetailsOn, initialGpState } from '../gp.state';
import type { UpdateGp } from './update-gp.command';
import { updateGp } from './update-gp.decide';

const { given } = deciderSpec({
  initialState: initialGpState,
  evolve: evolveGp,
  decide: (command: UpdateGp, state, _facts: undefined) => updateGp(command, state),
});
const registered: GpRegistered = {
  type: 'GpRegistered',
  data: {
    hpr: 1001,
    name: 'Kari Nordmann',
    birthDate: null,
    sex: 'female',
    specialistInGeneralPractice: false,
  },
};
const update = (validFrom: string, changes: UpdateGp['changes']): UpdateGp => ({
  type: 'UpdateGp',
  hpr: 1001,
  validFrom,
  changes,
});

describe('UpdateGp (§2.2, §1.9; FLR GPUpdated)', () => {
  it('records only the fields that change, with their values before, from the validity date', () => {
    given(registered)
      .when(
        update('2025-03-01', { name: 'Kari Nordmann Berg', specialistInGeneralPractice: false, herId: 8094 }),
        undefined,
      )
      .then([
        {
          type: 'GpDetailsUpdated',
          data: {
            hpr: 1001,
            validFrom: '2025-03-01',
            changes: { name: 'Kari Nordmann Berg', herId: 8094 },
            previous: { name: 'Kari Nordmann', herId: null },
          },
        },
      ]);
  });

  it('refuses an update that changes nothing on its validity date', () => {
    given(registered)
      .when(update('2025-03-01', { name: 'Kari Nordmann', specialistInGeneralPractice: false }), undefined)
      .thenRefuses('NOTHING_CHANGED', '§2.2');
  });

  it('compares with the details in force on the validity date, not with the latest', () => {
    const specialistFrom2026: Parameters<typeof evolveGp>[1] = {
      type: 'GpDetailsUpdated',
      data: {
        hpr: 1001,
        validFrom: '2026-01-01',
        changes: { specialistInGeneralPractice: true },
        previous: { specialistInGeneralPractice: false },
      },
    };
    // Specialist from 2026, so "specialist from 2025-06-01" is a change (earlier approval)...
    given(registered, specialistFrom2026)
      .when(update('2025-06-01', { specialistInGeneralPractice: true }), undefined)
      .then([{ type: 'GpDetailsUpdated', data: { validFrom: '2025-06-01' } }]);
    // ...and "specialist from 2026-02-01" is not.
    given(registered, specialistFrom2026)
      .when(update('2026-02-01', { specialistInGeneralPractice: true }), undefined)
      .thenRefuses('NOTHING_CHANGED', '§2.2');
  });

  it('refuses an unknown GP and an update with no field', () => {
    given()
      .when(update('2025-03-01', { name: 'X' }), undefined)
      .thenRefuses('UNKNOWN_GP');
    given(registered).when(update('2025-03-01', {}), undefined).thenRefuses('INVALID_INPUT');
  });

  it('answers the details in force on a date: registered before, updated from the validity date', () => {
    const state = [
      registered,
      ...updateGp(update('2025-03-01', { herId: 8094 }), evolveGp(initialGpState, registered)),
    ].reduce(evolveGp, initialGpState);
    expect(gpDetailsOn(state, '2025-02-28')).toEqual({
      name: 'Kari Nordmann',
      specialistInGeneralPractice: false,
      herId: null,
    });
    expect(gpDetailsOn(state, '2025-03-01').herId).toBe(8094);
  });
});
