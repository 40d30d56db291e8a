import { suppressSmallCells, textTable } from './result-output';

describe('small-cell suppression of sql results (R48)', () => {
  const suppress = suppressSmallCells(
    ['municipality', 'n', 'max_patients', 'total'],
    ['VARCHAR', 'BIGINT', 'INTEGER', 'HUGEINT'],
    5,
  );

  it('prints counts from 1 to 4 as <5 and leaves 0, 5 and more as they are', () => {
    expect(suppress(['0301', '4', 3, '2']).row).toEqual(['0301', '<5', 3, '<5']);
    expect(suppress(['0301', '5', 3, '0']).row).toEqual(['0301', '5', 3, '0']);
  });

  it("leaves the views' own value columns and text alone", () => {
    expect(suppress(['3', '10', 2, '7']).row).toEqual(['3', '10', 2, '7']);
  });

  it('counts what it suppressed', () => {
    expect(suppress(['x', '1', 1, '1']).suppressed).toBe(2);
  });
});

describe('textTable', () => {
  it('aligns numbers right and text left', () => {
    expect(
      textTable(
        ['name', 'n'],
        [
          ['a', 10],
          ['bbb', '<5'],
        ],
      ),
    ).toBe('name   n\n----  --\na     10\nbbb   <5\n');
  });
});
