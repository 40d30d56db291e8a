import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, type SubscriptionMessage, WrongExpectedVersionError } from '@flr/event-store';
import { InMemoryEventStore } from './in-memory-event-store';

const event = (type = 'Happened') => ({ id: randomUUID(), type, data: { at: 1 } });

async function take(iterator: AsyncIterator<SubscriptionMessage>, count: number) {
  const taken: SubscriptionMessage[] = [];
  while (taken.length < count) taken.push((await iterator.next()).value as SubscriptionMessage);
  return taken;
}

describe('InMemoryEventStore (test fake)', () => {
  it('delivers history after the start position, one caught-up message, then live events', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('a-1', [event(), event()]);
    const { position } = await store.appendToStream('a-2', [event()]);
    const first = (await store.appendToStream('a-1', [event()])).position;
    const subscription = store.subscribeToAll({ fromPosition: position });
    const iterator = subscription[Symbol.asyncIterator]();
    const history = await take(iterator, 2);
    expect(history.map((m) => m.kind)).toEqual(['event', 'caughtUp']);
    expect(history[0]).toMatchObject({ event: { position: first, stream: 'a-1', revision: 2n } });
    const live = iterator.next();
    await store.appendToStream('a-3', [event()]);
    expect(await live).toMatchObject({ value: { kind: 'event', event: { stream: 'a-3' } } });
    await subscription.unsubscribe();
    expect(await iterator.next()).toMatchObject({ done: true });
  });

  it('checks the expected revision and reads streams and $all in order', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s-1', [event('A'), event('B')], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('s-1', [event()], { expectedRevision: 0n })).rejects.toThrow(
      WrongExpectedVersionError,
    );
    const types: string[] = [];
    for await (const e of store.readStream('s-1', { direction: 'backwards' })) types.push(e.type);
    expect(types).toEqual(['B', 'A']);
    expect(await store.headPosition()).toBe(20n);
    await store.deleteStream('s-1');
    await expect(store.readStream('s-1')[Symbol.asyncIterator]().next()).rejects.toThrow(StreamNotFoundError);
  });
});
