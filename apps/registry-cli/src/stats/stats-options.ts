import { Option } from 'nest-commander';
import {
  type BaseOptions,
  businessDate,
  oneOf,
  positiveInteger,
  RegisterCommand,
} from '../shared/base-command';
import { ALLOW_SMALL_CELLS, type SmallCellOptions, smallCellsReason } from '../shared/small-cells';
import type { Every, StatsRange } from './register-stats';
import { statsRange } from './stats-range';

export interface StatsOptions extends BaseOptions, SmallCellOptions {
  from?: string;
  to?: string;
  every?: Every;
  purpose?: string;
}

/** The date-range options shared by stats, chart and report. */
export abstract class StatsRangeCommand<O extends StatsOptions = StatsOptions> extends RegisterCommand<O> {
  protected range(options: O): StatsRange {
    return statsRange(options);
  }

  @Option({ flags: '--from <date>', description: 'first date of the series (default 2002-01-01)' })
  parseFrom(value: string): string {
    return businessDate('--from', value);
  }

  @Option({
    flags: '--to <date>',
    description: "last date of the series, inclusive (default today, the run's date in UTC)",
  })
  parseTo(value: string): string {
    return businessDate('--to', value);
  }

  @Option({ flags: '--every <step>', description: 'year (default), quarter or month' })
  parseEvery(value: string): Every {
    return oneOf('--every', value, ['year', 'quarter', 'month']);
  }

  @Option({
    flags: '--min-cell <n>',
    description: 'smallest count shown (default 5, R48; below 5 only with --allow-small-cells)',
  })
  parseMinCell(value: string): number {
    return positiveInteger('--min-cell', value);
  }

  @Option(ALLOW_SMALL_CELLS)
  parseAllowSmallCells(value: string): string {
    return smallCellsReason(value);
  }

  @Option({
    flags: '--purpose <text>',
    description: 'why the figures are disclosed (written to the disclosure log)',
  })
  parsePurpose(value: string): string {
    return value;
  }
}
