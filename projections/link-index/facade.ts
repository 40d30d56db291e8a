import type { RecordedEvent } from '@flr/event-store';
import type { AsOf } from '../shared/record-time';
import { evolveLinkIndex, LINK_INDEX_EVENT_TYPES } from './evolve';
import { LinkIndex } from './model';
import { type ListEntry, listAt } from './lists';
import { gpAt, gpAtBatch, history, type LinkView } from './queries';

/**
 * The read side's person and list questions as plain functions over one link index: what a
 * benchmark or an analyst's script calls (the API answers the same through its controllers).
 */
export interface LinkIndexQueries {
  gpAt(nin: string, date: string, asOf?: AsOf): LinkView | undefined;
  history(nin: string, asOf?: AsOf): LinkView[] | undefined;
  listAt(contractId: string, date: string, asOf?: AsOf): ListEntry[];
  /** Per item the link number in effect (-1: unknown nin or no list); `linkView` of the index gives its details. */
  gpAtBatch(items: readonly { nin: string; at: string }[], asOf?: AsOf): Int32Array;
}

export function linkIndexQueries(index: LinkIndex): LinkIndexQueries {
  return {
    gpAt: (nin, date, asOf) => gpAt(index, nin, date, asOf),
    history: (nin, asOf) => history(index, nin, asOf),
    listAt: (contractId, date, asOf) => listAt(index, contractId, date, { asOf }).items,
    gpAtBatch: (items, asOf) => gpAtBatch(index, items, asOf),
  };
}

const RELEVANT: ReadonlySet<string> = new Set(LINK_INDEX_EVENT_TYPES);

/** Folds a log (e.g. a national history read from the store) into a fresh link index. */
export async function buildLinkIndex(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
): Promise<LinkIndex> {
  const index = new LinkIndex();
  for await (const event of events) if (RELEVANT.has(event.type)) evolveLinkIndex(index, event);
  return index;
}
