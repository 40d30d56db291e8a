import type { BusinessDate } from '../../events';

/** R29: a new listetak; it moves nobody. */
export interface ChangeListCeiling {
  readonly type: 'ChangeListCeiling';
  readonly maxPatients: number;
  /** The Europe/Oslo date of registration, recorded in the event. */
  readonly on: BusinessDate;
}
