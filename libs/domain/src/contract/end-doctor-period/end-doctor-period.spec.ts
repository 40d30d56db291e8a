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

  it('refuses an unknown period, and an end on or before its start', () => {
    given(contractCreated('L-A')).when(end('2024-09-01'), undefined).thenRefuses('UNKNOWN_DOCTOR_PERIOD');
    given(contractCreated('L-A'), doctorPeriod(1001))
      .when(end('2020-01-01'), undefined)
      .thenRefuses('INVALID_INPUT');
  });
});
