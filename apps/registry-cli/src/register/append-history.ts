import { EmbeddedEventStore, type EventStore } from '@flr/event-store';

/** An event with its stream and a deterministic id (the idempotency key). */
export interface HistoryEvent {
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

export interface AppendHistoryOptions {
  /** Appends in flight at once (group commit makes each fsync count for many). */
  readonly inFlight?: number;
  /** Events of one stream appended together at most. */
  readonly maxBatch?: number;
  readonly onProgress?: (appended: number) => void;
  /** Stop after this many events (tests: a run cut off midway). */
  readonly stopAfter?: number;
}

/**
 * Appends a history in order. On the embedded store this is its bulk import (batches of many
 * streams, one transaction and fsync each, an id already in its stream skipped). Elsewhere:
 * consecutive events of one stream go in one append, and up to `inFlight` appends wait for the
 * writer's group commit together (the writer keeps submission order). Batches depend only on the history, so a rerun after a crash repeats the same appends and
 * the store's exact idempotency makes the ones already written no-ops: the log ends the same.
 */
export async function appendHistory(
  store: EventStore,
  history: Iterable<HistoryEvent> | AsyncIterable<HistoryEvent>,
  options: AppendHistoryOptions = {},
): Promise<number> {
  if (store instanceof EmbeddedEventStore) {
    // The embedded store's bulk import: many streams per transaction and fsync, same idempotency.
    const result = await store.bulkImport(atMost(history, options.stopAfter), {
      onBatch: (progress) => options.onProgress?.(progress.events),
    });
    return result.events;
  }
  const inFlight = options.inFlight ?? 256;
  const maxBatch = options.maxBatch ?? 100;
  const pending = new Set<Promise<unknown>>();
  let failure: unknown = null;
  let appended = 0;
  let batch: HistoryEvent[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    const append = store
      .appendToStream(
        events[0].stream,
        events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
      )
      .then(
        () => {
          appended += events.length;
          options.onProgress?.(appended);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
    pending.add(append);
    append.finally(() => pending.delete(append));
    if (pending.size >= inFlight) await Promise.race(pending);
    if (failure) throw failure;
  };

  let taken = 0;
  for await (const event of history) {
    if (options.stopAfter !== undefined && taken >= options.stopAfter) break;
    taken++;
    if (batch.length > 0 && (batch[0].stream !== event.stream || batch.length >= maxBatch)) await flush();
    batch.push(event);
  }
  await flush();
  await Promise.all(pending);
  if (failure) throw failure;
  return appended;
}

/** The first `n` events (all when n is undefined), pulled one at a time. */
function atMost(
  history: Iterable<HistoryEvent> | AsyncIterable<HistoryEvent>,
  n: number | undefined,
): Iterable<HistoryEvent> | AsyncIterable<HistoryEvent> {
  if (n === undefined) return history;
  if (Symbol.iterator in history) {
    return (function* () {
      let taken = 0;
      for (const event of history) {
        if (taken++ >= n) return;
        yield event;
      }
    })();
  }
  return (async function* () {
    let taken = 0;
    for await (const event of history) {
      if (taken++ >= n) return;
      yield event;
    }
  })();
}
