import {
  countKind,
  hasCaughtUp,
  type SuiteContext,
  someEvents,
  SubscriptionProbe,
  uniqueStream,
} from './harness';
import { collect } from './harness';

export function subscriptionCases(ctx: SuiteContext): void {
  describe('catch-up subscriptions', () => {
    it('delivers history, then caughtUp exactly once, then live events ($all)', async () => {
      const stream = uniqueStream('sub');
      const from = await ctx.store().headPosition();
      await ctx.store().appendToStream(stream, someEvents(3));
      const probe = new SubscriptionProbe(ctx.store().subscribeToAll({ fromPosition: from }));
      await probe.until(hasCaughtUp);
      await ctx.store().appendToStream(stream, someEvents(2));
      await probe.until((messages) => probe.events().length >= 5 && messages.length >= 6);
      await ctx.store().appendToStream(stream, someEvents(1));
      await probe.until(() => probe.events().length >= 6);
      await probe.stop();
      const kinds = probe.messages
        .filter((message) => message.kind !== 'checkpoint')
        .map((message) => message.kind);
      expect(kinds).toEqual(['event', 'event', 'event', 'caughtUp', 'event', 'event', 'event']);
      expect(probe.events().map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    });

    it('sees every event exactly once and in order when started in the middle of writing', async () => {
      const prefix = uniqueStream('midwrite');
      const from = await ctx.store().headPosition();
      const chains = 4;
      const perChain = 40;
      let written = 0;
      let markHalf!: () => void;
      const half = new Promise<void>((resolve) => (markHalf = resolve));
      const writing = Promise.all(
        Array.from({ length: chains }, async (_, chain) => {
          for (let i = 0; i < perChain; i++) {
            await ctx.store().appendToStream(`${prefix}-${chain}`, someEvents(1 + (i % 2)));
            if (++written === (chains * perChain) / 2) markHalf();
          }
        }),
      );
      await half;
      const probe = new SubscriptionProbe(
        ctx.store().subscribeToAll({ fromPosition: from, filter: { streamNamePrefix: [prefix] } }),
      );
      const total = chains * perChain * 1.5;
      const reading = probe.until((messages) => probe.events().length >= total && hasCaughtUp(messages));
      await writing;
      await reading;
      await ctx.store().appendToStream(`${prefix}-late`, someEvents(1));
      await probe.until(() => probe.events().length > total);
      await probe.stop();
      const received = probe.events();
      expect(received.at(-1)!.stream).toBe(`${prefix}-late`);
      const expected = await collect(ctx.store().readAll({ filter: { streamNamePrefix: [prefix] } }));
      expect(expected).toHaveLength(total + 1);
      expect(received.map((event) => event.id)).toEqual(expected.map((event) => event.id));
      expect(countKind(probe.messages, 'caughtUp')).toBe(1);
    });

    it('starts after the given position, exclusively', async () => {
      const stream = uniqueStream('sub');
      await ctx.store().appendToStream(stream, someEvents(2));
      const second = await ctx.store().appendToStream(stream, someEvents(1), { expectedRevision: 1n });
      const third = await ctx.store().appendToStream(stream, someEvents(1));
      const probe = new SubscriptionProbe(ctx.store().subscribeToAll({ fromPosition: second.position }));
      await probe.until(hasCaughtUp);
      await probe.stop();
      expect(probe.events().map((event) => event.position)).toEqual([third.position]);
    });

    it('from the end delivers only events appended after subscribing', async () => {
      const stream = uniqueStream('sub');
      await ctx.store().appendToStream(stream, someEvents(2));
      const probe = new SubscriptionProbe(ctx.store().subscribeToAll({ fromPosition: 'end' }));
      await probe.until(hasCaughtUp);
      await ctx.store().appendToStream(stream, someEvents(1));
      await probe.until(() => probe.events().some((event) => event.stream === stream));
      await probe.stop();
      const own = probe.events().filter((event) => event.stream === stream);
      expect(own.map((event) => event.revision)).toEqual([2n]);
    });

    it('follows one stream from an exclusive revision, then live, ignoring other streams', async () => {
      const stream = uniqueStream('sub');
      await ctx.store().appendToStream(stream, someEvents(3));
      const probe = new SubscriptionProbe(ctx.store().subscribeToStream(stream, { fromRevision: 0n }));
      await probe.until(hasCaughtUp);
      await ctx.store().appendToStream(uniqueStream('other'), someEvents(1));
      await ctx.store().appendToStream(stream, someEvents(1));
      await probe.until(() => probe.events().length >= 3);
      await probe.stop();
      expect(probe.events().map((event) => event.revision)).toEqual([1n, 2n, 3n]);
      expect(probe.messages.map((message) => message.kind)).toEqual(['event', 'event', 'caughtUp', 'event']);
    });

    it('follows a stream that does not exist yet from the start', async () => {
      const stream = uniqueStream('sub');
      const probe = new SubscriptionProbe(ctx.store().subscribeToStream(stream));
      await probe.until(hasCaughtUp);
      await ctx.store().appendToStream(stream, someEvents(2));
      await probe.until(() => probe.events().length >= 2);
      await probe.stop();
      expect(probe.events().map((event) => event.revision)).toEqual([0n, 1n]);
    });

    it('sends checkpoints on a filtered $all subscription, during catch-up and live, never ahead of an event', async () => {
      const prefix = uniqueStream('checkpoint');
      const tag = prefix.slice(-8);
      const from = await ctx.store().headPosition();
      for (let i = 0; i < 8; i++) {
        await ctx
          .store()
          .appendToStream(`${prefix}-a`, [...someEvents(9, `Noise${tag}`), ...someEvents(1, `Signal${tag}`)]);
      }
      const subscription = ctx.store().subscribeToAll({
        fromPosition: from,
        filter: { eventTypePrefix: [`Signal${tag}`] },
        checkpointInterval: 32,
      });
      const probe = new SubscriptionProbe(subscription);
      await probe.until(hasCaughtUp);
      const catchUpCheckpoints = countKind(probe.messages, 'checkpoint');
      await ctx.store().appendToStream(`${prefix}-a`, someEvents(100, `Noise${tag}`));
      await probe.until((messages) => countKind(messages, 'checkpoint') > catchUpCheckpoints);
      await probe.stop();
      expect(catchUpCheckpoints).toBeGreaterThanOrEqual(1);
      expect(probe.events().map((event) => event.type)).toEqual(Array(8).fill(`Signal${tag}`));
      let lastCheckpoint = -1n;
      for (const message of probe.messages) {
        if (message.kind === 'checkpoint') {
          expect(message.position >= lastCheckpoint).toBe(true);
          lastCheckpoint = message.position;
        }
        if (message.kind === 'event') expect(message.event.position > lastCheckpoint).toBe(true);
      }
    });

    it('ends the iteration when unsubscribed', async () => {
      const subscription = ctx.store().subscribeToAll({ fromPosition: 'end' });
      const seen: string[] = [];
      const reading = (async () => {
        for await (const message of subscription) {
          seen.push(message.kind);
          if (message.kind === 'caughtUp') void subscription.unsubscribe();
        }
      })();
      await reading;
      expect(seen).toEqual(['caughtUp']);
    });
  });
}
