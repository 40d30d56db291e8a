import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../errors';
import type { ExpectedRevision } from '../port';
import {
  anEvent,
  collect,
  readStreamIds,
  rejectionOf,
  type SuiteContext,
  someEvents,
  uniqueStream,
} from './harness';

export function idempotencyCases(ctx: SuiteContext): void {
  describe('idempotent append (exact, by event id)', () => {
    const cases: [string, ExpectedRevision][] = [
      ['any', 'any'],
      ['an exact revision', 0n],
      ['stream_exists', 'stream_exists'],
    ];
    for (const [label, expected] of cases) {
      it(`answers the same result and writes nothing when the same events are appended again with ${label}`, async () => {
        const stream = uniqueStream('idem');
        await ctx.store().appendToStream(stream, [anEvent()]);
        const events = someEvents(3);
        // The retry carries the same expectation as the original append (the stream was at revision 0).
        const expectation = expected;
        const first = await ctx.store().appendToStream(stream, events, { expectedRevision: expectation });
        const head = await ctx.store().headPosition();
        const again = await ctx.store().appendToStream(stream, events, { expectedRevision: expectation });
        expect(again).toEqual(first);
        expect(await ctx.store().headPosition()).toBe(head);
        expect(await collect(ctx.store().readStream(stream))).toHaveLength(4);
      });
    }

    it('answers the original result for a retried first append with no_stream', async () => {
      const stream = uniqueStream('idem');
      const events = someEvents(2);
      const first = await ctx.store().appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const again = await ctx.store().appendToStream(stream, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      expect(await readStreamIds(ctx.store(), stream)).toEqual(events.map((event) => event.id));
    });

    it('stays idempotent for a retry that arrives after later appends (any)', async () => {
      const stream = uniqueStream('idem');
      const events = someEvents(2);
      const first = await ctx.store().appendToStream(stream, events);
      await ctx.store().appendToStream(stream, someEvents(3));
      const again = await ctx.store().appendToStream(stream, events);
      expect(again).toEqual(first);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(5);
    });

    it('refuses with WrongExpectedVersion when the first id matches but a later one differs (any)', async () => {
      const stream = uniqueStream('idem');
      const events = someEvents(3);
      await ctx.store().appendToStream(stream, events);
      const altered = [events[0]!, events[1]!, anEvent()];
      const error = await rejectionOf(ctx.store().appendToStream(stream, altered));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(3);
    });

    it('refuses with WrongExpectedVersion when a retry at an exact revision differs from what is stored', async () => {
      const stream = uniqueStream('idem');
      const events = someEvents(2);
      await ctx.store().appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const firstDiffers = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent(), events[1]!], { expectedRevision: 'no_stream' }),
      );
      expect(firstDiffers).toBeInstanceOf(WrongExpectedVersionError);
      const laterDiffers = await rejectionOf(
        ctx.store().appendToStream(stream, [events[0]!, anEvent()], { expectedRevision: 'no_stream' }),
      );
      expect(laterDiffers).toBeInstanceOf(WrongExpectedVersionError);
      expect(await readStreamIds(ctx.store(), stream)).toEqual(events.map((event) => event.id));
    });

    it('treats an id already written to another stream as a new event in this stream', async () => {
      const id = randomUUID();
      const one = uniqueStream('idem');
      const two = uniqueStream('idem');
      await ctx.store().appendToStream(one, [{ id, type: 'Happened', data: {} }]);
      const result = await ctx.store().appendToStream(two, [{ id, type: 'Happened', data: {} }]);
      expect(result.nextExpectedRevision).toBe(0n);
      expect(await readStreamIds(ctx.store(), two)).toEqual([id]);
    });

    it('compares event ids case-insensitively, as uuids', async () => {
      const stream = uniqueStream('idem');
      const event = anEvent();
      const first = await ctx.store().appendToStream(stream, [event]);
      const again = await ctx.store().appendToStream(stream, [{ ...event, id: event.id.toUpperCase() }]);
      expect(again).toEqual(first);
      expect(await readStreamIds(ctx.store(), stream)).toEqual([event.id.toLowerCase()]);
    });
  });
}
