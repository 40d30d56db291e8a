import { UsageError } from '../shared/cli-errors';
import { runDate, statsRange } from './stats-range';

describe('the range of stats, chart and report', () => {
  it('ends on the run’s date by default, whatever the year', () => {
    expect(statsRange({}, '2026-12-06')).toEqual({ from: '2002-01-01', to: '2026-12-06', every: 'year' });
    expect(statsRange({ every: 'month' }, '2031-02-28').to).toBe('2031-02-28');
  });

  it('takes the run’s date in UTC', () => {
    expect(runDate(new Date('2026-12-31T23:30:00-01:00'))).toBe('2027-01-01');
    expect(runDate(new Date('2026-12-06T00:10:00+01:00'))).toBe('2026-12-05');
  });

  it('keeps the dates given', () => {
    expect(statsRange({ from: '2010-01-01', to: '2012-01-01' }, '2026-12-06')).toMatchObject({
      from: '2010-01-01',
      to: '2012-01-01',
    });
  });

  it('refuses a start after the end, naming the default end when none was given', () => {
    expect(() => statsRange({ from: '2027-01-01' }, '2026-12-06')).toThrow(
      new UsageError('--from must not be after today (2026-12-06), the default --to'),
    );
    expect(() => statsRange({ from: '2020-01-01', to: '2019-01-01' })).toThrow(UsageError);
  });
});
