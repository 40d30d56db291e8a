import { municipalityCodes as m } from './municipality-codes';

describe('municipalityCodes', () => {
  it('follows Bærum 0219 -> 3024 (2020) -> 3201 (2024)', () => {
    expect(m.isValidOn('0219', '2019-12-31')).toBe(true);
    expect(m.isValidOn('0219', '2020-01-01')).toBe(false);
    expect(m.isValidOn('3024', '2020-01-01')).toBe(true);
    expect(m.isValidOn('3024', '2024-01-01')).toBe(false);
    expect(m.successorsOf('0219')).toEqual([
      { date: '2020-01-01', oldNumber: '0219', newNumber: '3024', kind: 'renumbered' },
    ]);
    expect(m.canonicalOn('0219', '2010-05-01')).toEqual(['0219']);
    expect(m.canonicalOn('0219', '2022-05-01')).toEqual(['3024']);
    expect(m.canonicalOn('0219', '2024-01-01')).toEqual(['3201']);
    expect(m.canonicalOn('3024', '2030-01-01')).toEqual(['3201']);
    expect(m.nameOf('3201', '2025-01-01')).toBe('Bærum');
    expect(m.population('3201')).toBe(130921);
    expect(m.population('0219')).toBeNull();
  });

  it('splits Ålesund 1507 into 1508 Ålesund and 1580 Haram in 2024', () => {
    expect(m.successorsOf('1507').map((c) => [c.newNumber, c.kind, c.date])).toEqual([
      ['1508', 'split', '2024-01-01'],
      ['1580', 'split', '2024-01-01'],
    ]);
    expect(m.canonicalOn('1507', '2023-12-31')).toEqual(['1507']);
    expect(m.canonicalOn('1507', '2024-01-01')).toEqual(['1508', '1580']);
    expect(m.nameOf('1580', '2024-06-01')).toBe('Haram');
  });

  it('follows a pre-2020 number through a merger and a later split (old Ålesund 1504 -> 1507 -> 1508/1580)', () => {
    expect(m.canonicalOn('1504', '2021-01-01')).toEqual(['1507']);
    expect(m.canonicalOn('1504', '2024-01-01')).toEqual(['1508', '1580']);
  });

  it('keeps the 0716 special case: Våle in 2001, Re (absorbing 0718 Ramnes) 2002–2019, then 3803', () => {
    expect(m.periodsOf('0716').map((p) => [p.name, p.from, p.to])).toEqual([
      ['Våle', '2001-01-01', '2002-01-01'],
      ['Re', '2002-01-01', '2020-01-01'],
    ]);
    expect(m.nameOf('0716', '2001-06-01')).toBe('Våle');
    expect(m.nameOf('0716', '2002-01-01')).toBe('Re');
    expect(m.isValidOn('0718', '2002-01-01')).toBe(false);
    expect(m.canonicalOn('0718', '2005-01-01')).toEqual(['0716']);
    expect(m.canonicalOn('0718', '2020-01-01')).toEqual(['3803']);
    expect(m.canonicalOn('0716', '2001-12-31')).toEqual(['0716']);
  });

  it.each([
    [2001, 435],
    [2002, 434],
    [2004, 434],
    [2005, 433],
    [2006, 431],
    [2007, 431],
    [2008, 430],
    [2011, 430],
    [2012, 429],
    [2013, 428],
    [2016, 428],
    [2017, 426],
    [2018, 422],
    [2019, 422],
    [2020, 356],
    [2023, 356],
    [2024, 357],
    [2026, 357],
  ])('has the README count of valid numbers on 1 January %i (%i)', (year, count) => {
    expect(m.validOn(`${year}-01-01`)).toHaveLength(count);
  });

  it('sums the 2024 population to SSB national total', () => {
    const total = m.validOn('2024-01-01').reduce((sum, n) => sum + (m.population(n) ?? 0), 0);
    expect(total).toBe(5550203);
  });

  it('maps every number valid in 2001 to numbers valid in 2024', () => {
    for (const n of m.validOn('2001-06-01')) {
      const targets = m.canonicalOn(n, '2024-01-01');
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) expect(m.isValidOn(t, '2024-01-01')).toBe(true);
    }
  });

  it('gives empty answers for unknown numbers and for dates before a number existed', () => {
    expect(m.exists('9999')).toBe(false);
    expect(m.exists('0219')).toBe(true);
    expect(m.isValidOn('9999', '2024-01-01')).toBe(false);
    expect(m.nameOf('9999', '2024-01-01')).toBeNull();
    expect(m.successorsOf('3201')).toEqual([]);
    expect(m.canonicalOn('3201', '2010-01-01')).toEqual([]);
    expect(m.canonicalOn('9999', '2010-01-01')).toEqual([]);
  });

  it('throws on a malformed date', () => {
    expect(() => m.isValidOn('0219', '2019-13-01')).toThrow(RangeError);
  });

  it('lists changes between two dates in date order', () => {
    const changes = m.changesBetween('2019-12-31', '2024-01-01');
    expect(changes).toHaveLength(312 + 115);
    expect(changes[0].date).toBe('2020-01-01');
    expect(changes[changes.length - 1].date).toBe('2024-01-01');
  });
});
