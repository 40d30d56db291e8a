import type { LinkIndex } from '../link-index/model';
import type { PersonRegister } from '../person-register/model';
import type { ReadModelReader } from './read-model';

/** The read models a query may combine (each the active version of its projection). */
export interface Readers {
  readonly directory: ReadModelReader;
  readonly waitingLists: ReadModelReader;
  /** The compact in-memory link index: gp at a date, history, the person's lists, list sizes and patients. */
  readonly linkIndex: LinkIndex;
  /** The in-memory register of persons: residences and life events with their record time (capacity). */
  readonly personRegister: PersonRegister;
}

/** Valid time and record time of a question: the register as it stood on `at`, as known at `asOf`. */
export interface When {
  /** Business date `YYYY-MM-DD` (Europe/Oslo). */
  readonly at: string;
  /** Epoch ms; undefined = everything known now. */
  readonly asOf?: number;
  /** Today's date in Europe/Oslo (injected so tests do not depend on the clock). */
  readonly today: string;
}
