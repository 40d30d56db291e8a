import { EXIT_USAGE, exitCodeOf } from './cli-errors';
import { minCellOf, smallCellOverride, smallCellsReason } from './small-cells';

describe('small-cell suppression (R48: counts under 5)', () => {
  it('suppresses under 5 by default and accepts any floor of 5 or more', () => {
    expect(minCellOf({})).toBe(5);
    expect(minCellOf({ minCell: 10 })).toBe(10);
    expect(smallCellOverride({ minCell: 10 })).toBeUndefined();
  });

  it.each([1, 2, 4])('refuses --min-cell %i without a reason, as a usage error naming the override', (n) => {
    let error: unknown;
    try {
      minCellOf({ minCell: n });
    } catch (thrown) {
      error = thrown;
    }
    expect(exitCodeOf(error)).toBe(EXIT_USAGE);
    expect((error as Error).message).toContain(`--min-cell ${n} would show counts under 5`);
    expect((error as Error).message).toContain('--allow-small-cells');
  });

  it('allows a lower floor with a reason, and hands over what the disclosure log records', () => {
    const options = { minCell: 1, allowSmallCells: 'quality check of a test register' };
    expect(minCellOf(options)).toBe(1);
    expect(smallCellOverride(options)).toEqual({ minCell: 1, reason: 'quality check of a test register' });
  });

  it('refuses an empty reason', () => {
    expect(() => smallCellsReason('  ')).toThrow('--allow-small-cells needs a reason');
  });
});
