import type { EventStore } from '@flr/event-store';

/** A store whose appends wait until released, so a shutdown can happen while one is in progress. */
export function heldAppends(store: EventStore): {
  store: EventStore;
  started: Promise<void>;
  release(): void;
} {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => {
    started = resolve;
  });
  const held = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'appendToStream') {
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          started();
          await gate;
          return target.appendToStream(...args);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: held, started: startedPromise, release };
}
