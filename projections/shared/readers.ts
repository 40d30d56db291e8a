import type { LinkIndex } from '../link-index/model';
import type { ReadModelReader } from './read-model';

/** The read models a query may combine (each the active version of its projection). */
export interface Readers {
  readonly linkHistory: ReadModelReader;
  readonly directory: ReadModelReader;
  readonly waitingLists: ReadModelReader;
  /**
   * The compact in-memory link index, when the runtime runs it: person questions (gp at a date,
   * history, lists, patients) read it instead of link-history; the answers are the same
   * (property-tested in link-index/link-index.property.spec.ts).
   */
  readonly linkIndex?: LinkIndex;
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
