import { contractCreated, contractSpec, doctorPeriod } from '../../testing';
import type { EndDoctorPeriod } from './end-doctor-period.command';
import { endDoctorPeriod } from './end-doctor-period.decide';

const { given } = contractSpec((c: EndDoctorPeriod, s) => endDoctorPeriod(c, s));
const end = (to: string, periodId = 'period-1001'): EndDoctorPeriod => ({
  type: 'EndDoctorPeriod',
  periodId,
  to,
});

describe('EndDoctorPeriod (R34a)', () => {
  it('ends the period; the list and its patients stay', () => {
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(end('2024-09-01'), undefined)
      .then([{ type: 'DoctorPeriodEnded', data: { periodId: 'period-1001', to: '2024-09-01' } }]);
  });

  it('writes nothing for the end the period already has; another end is recorded', () => {
    const ended = doctorPeriod(1001, { from: '2020-01-01', to: '2024-09-01' });
    given(contractCreated('L-A'), ended).when(end('2024-09-01'), undefined).then([]);
    given(contractCreated('L-A'), ended)
      .when(end('2024-10-01'), undefined)
      .then([{ type: 'DoctorPeriodEnded', data: { periodId: 'period-1001', to: '2024-10-01' } }]);
  });

  it('refuses an unknown period, and an end on or before its start', () => {
    given(contractCreated('L-A')).when(end('2024-09-01'), undefined).thenRefuses('UNKNOWN_DOCTOR_PERIOD');
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(end('2020-01-01'), undefined)
      .thenRefuses('INVALID_INPUT');
  });

  it('refuses a later end that would overlap another period of the same doctor in the same role (R37)', () => {
    const first = doctorPeriod(1001, { relationship: 'LPVI', from: '2024-01-01', to: '2024-02-01' });
    const second = doctorPeriod(1001, {
      periodId: 'period-1001-b',
      relationship: 'LPVI',
      from: '2024-03-01',
      to: '2024-04-01',
    });
    given(contractCreated('L-A'), first, second)
      .when(end('2024-03-15'), undefined)
      .thenRefuses('OVERLAPPING_PERIOD', 'R37');
    // Up to the next period's start is fine, and so is shortening.
    given(contractCreated('L-A'), first, second)
      .when(end('2024-03-01'), undefined)
      .then([{ type: 'DoctorPeriodEnded', data: { periodId: 'period-1001', to: '2024-03-01' } }]);
    given(contractCreated('L-A'), first, second)
      .when(end('2024-04-15', 'period-1001-b'), undefined)
      .then([{ type: 'DoctorPeriodEnded', data: { periodId: 'period-1001-b', to: '2024-04-15' } }]);
    // Another doctor's period is no overlap.
    const other = doctorPeriod(1002, { from: '2024-03-01', to: '2024-04-01' });
    given(contractCreated('L-A'), first, other)
      .when(end('2024-03-15'), undefined)
      .then([{ type: 'DoctorPeriodEnded', data: { periodId: 'period-1001', to: '2024-03-15' } }]);
  });
});
