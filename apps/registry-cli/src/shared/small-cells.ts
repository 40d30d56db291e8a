import { UsageError } from './cli-errors';

/** R48: counts under 5 are suppressed in every analyst output (DOMAIN.md §3.11). */
export const R48_MIN_CELL = 5;

export interface SmallCellOptions {
  minCell?: number;
  /** Why counts under 5 may be shown in this disclosure (recorded in the disclosure log). */
  allowSmallCells?: string;
}

/** What the disclosure log records of a disclosure that shows counts R48 would suppress. */
export interface SmallCellOverride {
  readonly minCell: number;
  readonly reason: string;
}

/**
 * The smallest count an output shows. Below R48's 5 only with `--allow-small-cells <reason>`: a lower
 * `--min-cell` on its own would quietly disclose small cells, so it is refused as a usage error.
 */
export function minCellOf(options: SmallCellOptions): number {
  const minCell = options.minCell ?? R48_MIN_CELL;
  if (minCell < R48_MIN_CELL && options.allowSmallCells === undefined)
    throw new UsageError(
      `--min-cell ${minCell} would show counts under ${R48_MIN_CELL}, which R48 suppresses; ` +
        'add --allow-small-cells "<reason>" to disclose them anyway (the reason is written to the disclosure log)',
    );
  return minCell;
}

/** The override to record with the disclosure, or undefined when R48's suppression holds. */
export function smallCellOverride(options: SmallCellOptions): SmallCellOverride | undefined {
  const minCell = minCellOf(options);
  if (minCell >= R48_MIN_CELL || options.allowSmallCells === undefined) return undefined;
  return { minCell, reason: options.allowSmallCells };
}

/** Parses `--allow-small-cells`: a reason is required, an empty one explains nothing. */
export function smallCellsReason(value: string): string {
  if (!value.trim()) throw new UsageError('--allow-small-cells needs a reason');
  return value;
}

/** The option's help text, shared by every command that suppresses small cells. */
export const ALLOW_SMALL_CELLS = {
  flags: '--allow-small-cells <reason>',
  description:
    'allow --min-cell below 5 (R48 suppresses counts under 5); the reason is written to the disclosure log',
} as const;
