import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareDates,
  daysBetween,
  firstOfMonth,
  firstOfNextMonth,
  monthsBetween,
  yearOf,
} from './arithmetic';
import { dateOfDayNumber, daysInMonth, isValidBusinessDate, toDayNumber } from './business-date';
import { osloDateOf } from './oslo';
import { isEmptyPeriod, periodContains, periodsOverlap } from './period';

describe('isValidBusinessDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2001-06-01', '1854-01-01', '2039-12-31'])('accepts %s', (d) =>
    expect(isValidBusinessDate(d)).toBe(true),
  );
  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-1-01',
    '2024-01-01T00:00',
    ' 2024-01-01',
    '20240101',
    20240101,
    null,
  ])('refuses %p', (d) => expect(isValidBusinessDate(d)).toBe(false));
});

describe('day arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2001-06-01', 365 * 24 + 6)).toBe('2025-06-01');
  });

  it('round-trips every day number from 1850 to 2100 against Date.UTC', () => {
    const start = Date.UTC(1850, 0, 1) / 86400000;
    const end = Date.UTC(2100, 11, 31) / 86400000;
    const mismatches: string[] = [];
    for (let n = start; n <= end; n++) {
      const iso = new Date(n * 86400000).toISOString().slice(0, 10);
      if (dateOfDayNumber(n) !== iso || toDayNumber(iso) !== n) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('counts days between dates', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
  });

  it('throws on malformed dates rather than producing garbage', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2023-02-28', 1.5)).toThrow(RangeError);
  });
});

describe('month and year arithmetic', () => {
  it('clamps to the end of the target month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('finds the first of this and the next month', () => {
    expect(firstOfMonth('2024-02-29')).toBe('2024-02-01');
    expect(firstOfNextMonth('2024-02-29')).toBe('2024-03-01');
    expect(firstOfNextMonth('2024-12-31')).toBe('2025-01-01');
    expect(firstOfNextMonth('2024-12-01')).toBe('2025-01-01');
  });

  it('counts whole months between dates', () => {
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-15')).toBe(1);
    expect(monthsBetween('2001-06-01', '2024-01-01')).toBe(271);
    expect(monthsBetween('2024-02-15', '2024-01-15')).toBe(-1);
  });

  it('knows month lengths', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth('2023-04-10')).toBe(30);
    expect(() => daysInMonth(2024, 13)).toThrow(RangeError);
  });

  it('reads the year and compares dates', () => {
    expect(yearOf('2032-01-01')).toBe(2032);
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-02')).toBe(0);
    expect(compareDates('2024-10-01', '2024-09-30')).toBe(1);
  });
});

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('2008-05-17', '2024-05-16')).toBe(15);
    expect(ageOn('2008-05-17', '2024-05-17')).toBe(16);
    expect(ageOn('2024-05-17', '2024-05-17')).toBe(0);
  });

  it('someone born 29 Feb turns a year older on 1 Mar in a common year and on 29 Feb in a leap year', () => {
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
  });
});

describe('osloDateOf (Europe/Oslo, DST-correct)', () => {
  it.each([
    ['2024-01-15T22:59:59Z', '2024-01-15'], // CET = UTC+1
    ['2024-01-15T23:00:00Z', '2024-01-16'],
    ['2024-07-15T21:59:59Z', '2024-07-15'], // CEST = UTC+2
    ['2024-07-15T22:00:00Z', '2024-07-16'],
    ['2024-03-30T23:30:00Z', '2024-03-31'], // night of the spring-forward change
    ['2024-10-26T22:30:00Z', '2024-10-27'], // night of the fall-back change
    ['2024-12-31T23:00:00Z', '2025-01-01'],
    ['2025-01-01T00:30:00+01:00', '2025-01-01'],
    ['2024-12-31T23:30:00-05:00', '2025-01-01'],
  ])('%s is %s in Oslo', (instant, expected) => {
    expect(osloDateOf(instant)).toBe(expected);
    expect(osloDateOf(new Date(instant))).toBe(expected);
  });

  it('refuses strings without an offset and invalid Dates', () => {
    expect(() => osloDateOf('2024-01-15T12:00:00')).toThrow(RangeError);
    expect(() => osloDateOf('nonsense')).toThrow(RangeError);
    expect(() => osloDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('half-open periods', () => {
  it('contain their start but not their end', () => {
    const p = { from: '2024-01-01', to: '2024-02-01' };
    expect(periodContains(p, '2023-12-31')).toBe(false);
    expect(periodContains(p, '2024-01-01')).toBe(true);
    expect(periodContains(p, '2024-01-31')).toBe(true);
    expect(periodContains(p, '2024-02-01')).toBe(false);
    expect(periodContains({ from: '2024-01-01', to: null }, '2999-01-01')).toBe(true);
  });

  it('overlap only when they share a day; touching periods do not overlap', () => {
    const jan = { from: '2024-01-01', to: '2024-02-01' };
    expect(periodsOverlap(jan, { from: '2024-02-01', to: null })).toBe(false);
    expect(periodsOverlap(jan, { from: '2024-01-31', to: null })).toBe(true);
    expect(periodsOverlap({ from: '2020-01-01', to: null }, { from: '2024-01-01', to: null })).toBe(true);
    expect(periodsOverlap(jan, { from: '2023-01-01', to: '2024-01-01' })).toBe(false);
    expect(periodsOverlap({ from: '2023-01-01', to: '2025-01-01' }, jan)).toBe(true);
  });

  it('recognise empty periods', () => {
    expect(isEmptyPeriod({ from: '2024-01-01', to: '2024-01-01' })).toBe(true);
    expect(isEmptyPeriod({ from: '2024-01-01', to: null })).toBe(false);
  });
});
