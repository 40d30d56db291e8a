import { addDays, dayNumber as referenceDayNumber } from '../shared/dates';
import { dayNumber, dayText } from './days';
import { ninNumber, ninString } from './nin-table';

describe('compact encodings of the link index', () => {
  it('day numbers agree with the calendar for every day 1899-12-25 .. 2201-01-05, and turn back into the date', () => {
    for (let date = '1899-12-25'; date <= '2201-01-05'; date = addDays(date, 1)) {
      const day = dayNumber(date);
      if (day !== referenceDayNumber(date) || dayText(day) !== date) throw new Error(`${date} -> ${day}`);
    }
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2000-03-01')).toBe(11017);
  });

  it('nins are numbers and back, leading zeros kept; anything but 11 digits is refused', () => {
    expect(ninString(ninNumber('01019012345'))).toBe('01019012345');
    expect(ninNumber('24029012349')).toBe(24029012349);
    for (const bad of ['2402901234', '240290123490', '2402901234x', '00000000000', ''])
      expect(() => ninNumber(bad)).toThrow(/11 digits/);
  });
});
