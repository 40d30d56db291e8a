import type { BusinessDate } from '../../events';

/** R9: the municipality switches automatic assignment of unassigned residents off (or on again). */
export interface SetAutoAssignment {
  readonly type: 'SetAutoAssignment';
  readonly number: string;
  readonly enabled: boolean;
  /** The Europe/Oslo date of registration: the switch holds from this day. */
  readonly on: BusinessDate;
}
