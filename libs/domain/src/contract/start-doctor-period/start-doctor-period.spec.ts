import { contractCreated, contractSpec, doctorPeriod } from '../../testing';
import type { StartDoctorPeriod } from './start-doctor-period.command';
import { startDoctorPeriod } from './start-doctor-period.decide';

const { given } = contractSpec(startDoctorPeriod);
const period = (hpr: number, more: Partial<StartDoctorPeriod> = {}): StartDoctorPeriod => ({
  type: 'StartDoctorPeriod',
  periodId: `p-${hpr}`,
  hpr,
  relationship: 'LPFL',
  from: '2024-01-01',
  to: null,
  substituteForHpr: null,
  workingPercentage: null,
  ...more,
});
const registered = { registeredGps: [1001, 1002] };

describe('StartDoctorPeriod and SetSubstitute (R34a, R37)', () => {
  it('a fastlege period starts on the list; it moves no patient', () => {
    given(contractCreated('L-A'))
      .when(period(1001), registered)
      .then([{ type: 'DoctorPeriodStarted', data: { hpr: 1001, relationship: 'LPFL', from: '2024-01-01' } }]);
  });

  it('refuses an unknown GP, for the doctor and for the GP substituted', () => {
    given(contractCreated('L-A')).when(period(1003), registered).thenRefuses('UNKNOWN_GP');
    given(contractCreated('L-A'))
      .when(period(1001, { relationship: 'LPVI', substituteForHpr: 1003 }), registered)
      .thenRefuses('UNKNOWN_GP');
  });

  it('refuses a period id the list already has (R46), whoever the doctor', () => {
    given(contractCreated('L-A'), doctorPeriod(1001, { periodId: 'VIKAR-2025' }))
      .when(period(1002, { periodId: 'VIKAR-2025', relationship: 'LPVI' }), registered)
      .thenRefuses('ALREADY_REGISTERED', 'R46');
  });

  it('refuses an overlapping period of the same doctor and kind; a later one is fine', () => {
    const first = doctorPeriod(1001, { from: '2024-01-01', to: '2024-07-01' });
    given(contractCreated('L-A'), first)
      .when(period(1001, { from: '2024-06-01' }), registered)
      .thenRefuses('OVERLAPPING_PERIOD', 'R37');
    given(contractCreated('L-A'), first)
      .when(period(1001, { from: '2024-07-01' }), registered)
      .then([{ type: 'DoctorPeriodStarted' }]);
  });

  it('a substitute for a named GP needs that GP to be a fastlege of the list (R37)', () => {
    const vikar = period(1002, { relationship: 'LPVI', substituteForHpr: 1001 });
    given(contractCreated('L-A')).when(vikar, registered).thenRefuses('NOT_A_GP_OF_THE_LIST', 'R37');
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(vikar, registered)
      .then([{ type: 'DoctorPeriodStarted', data: { relationship: 'LPVI', substituteForHpr: 1001 } }]);
  });

  it('substituteForHpr is only for a substitute (LPVI), and names another GP (R37)', () => {
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(period(1002, { substituteForHpr: 1001 }), registered)
      .thenRefuses('INVALID_INPUT');
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(period(1001, { periodId: 'self', relationship: 'LPVI', substituteForHpr: 1001 }), registered)
      .thenRefuses('INVALID_INPUT');
  });

  it('refuses a period before the contract is in force, and a period that ends before it starts', () => {
    given(contractCreated('L-A', { validFrom: '2024-06-01' }))
      .when(period(1001), registered)
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    given(contractCreated('L-A'))
      .when(period(1001, { to: '2024-01-01' }), registered)
      .thenRefuses('INVALID_INPUT');
  });
});
