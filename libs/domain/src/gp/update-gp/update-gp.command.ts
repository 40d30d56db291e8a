import type { BusinessDate, GpDetails } from '../../events';

/**
 * A GP's name, specialist status (from HPR) or HER-id (§1.9) changes from `validFrom`. Fields left out
 * stay as they are; at least one is given.
 */
export interface UpdateGp {
  readonly type: 'UpdateGp';
  readonly hpr: number;
  readonly validFrom: BusinessDate;
  readonly changes: Partial<GpDetails>;
}
