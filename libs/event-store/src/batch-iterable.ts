/**
 * An AsyncIterable fed by synchronous batch reads. Each `next()` answers from an in-memory batch
 * with an already-resolved promise, so a replay pays no async-generator machinery per event.
 * It is also a plain Iterable, for callers that can consume synchronously (replays, benches).
 * `nextBatch` returns null when the source is exhausted; errors surface on the first `next()`.
 * A source with a `close` (it holds something, such as a read-ahead thread) is closed once: when it
 * is exhausted, when the consumer stops early (`return`, a `break`), or when it throws.
 */
export type BatchSource<T> = (() => T[] | null) & { close?: () => void };

export class BatchIterable<T> implements AsyncIterable<T>, Iterable<T> {
  constructor(private readonly open: () => BatchSource<T>) {}

  [Symbol.iterator](): Iterator<T> {
    const nextBatch = this.open();
    let batch: T[] = [];
    let index = 0;
    let done = false;
    const finish = () => {
      done = true;
      nextBatch.close?.();
    };
    const doneResult: IteratorResult<T> = { done: true, value: undefined };
    return {
      next: (): IteratorResult<T> => {
        while (!done && index >= batch.length) {
          let more: T[] | null;
          try {
            more = nextBatch();
          } catch (error) {
            finish();
            throw error;
          }
          if (more === null) finish();
          else {
            batch = more;
            index = 0;
          }
        }
        return done ? doneResult : { done: false, value: batch[index++] as T };
      },
      return: (): IteratorResult<T> => {
        finish();
        return doneResult;
      },
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    let nextBatch: BatchSource<T> | null = null;
    let batch: T[] = [];
    let index = 0;
    let done = false;
    const finish = () => {
      done = true;
      nextBatch?.close?.();
    };
    const doneResult: IteratorResult<T> = { done: true, value: undefined };
    return {
      next: (): Promise<IteratorResult<T>> => {
        try {
          if (done) return Promise.resolve(doneResult);
          nextBatch ??= this.open();
          while (index >= batch.length) {
            const more = nextBatch();
            if (more === null) {
              finish();
              return Promise.resolve(doneResult);
            }
            batch = more;
            index = 0;
          }
          return Promise.resolve({ done: false, value: batch[index++] as T });
        } catch (error) {
          finish();
          return Promise.reject(error);
        }
      },
      return: (): Promise<IteratorResult<T>> => {
        finish();
        return Promise.resolve(doneResult);
      },
    };
  }
}
