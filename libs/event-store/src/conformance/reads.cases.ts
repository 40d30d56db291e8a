import { StreamNotFoundError } from '../errors';
import type { EventStore, ReadAllOptions } from '../port';
import { anEvent, collect, rejectionOf, type SuiteContext, someEvents, uniqueStream } from './harness';

/** Reads `$all` restricted to one test's streams, so other data in the store does not matter. */
async function readOwnAll(store: EventStore, prefix: string, options: Omit<ReadAllOptions, 'filter'> = {}) {
  return collect(store.readAll({ ...options, filter: { streamNamePrefix: [prefix] } }));
}

export function readCases(ctx: SuiteContext): void {
  describe('reads', () => {
    it('reads a stream forwards from an inclusive revision, at most maxCount events', async () => {
      const stream = uniqueStream('read');
      await ctx.store().appendToStream(stream, someEvents(10));
      const events = await collect(ctx.store().readStream(stream, { fromRevision: 3n, maxCount: 4 }));
      expect(events.map((event) => event.revision)).toEqual([3n, 4n, 5n, 6n]);
      const all = await collect(ctx.store().readStream(stream));
      expect(all.map((event) => (event.data as { index: number }).index)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });

    it('reads a stream backwards from the end or from an inclusive revision', async () => {
      const stream = uniqueStream('read');
      await ctx.store().appendToStream(stream, someEvents(6));
      const fromEnd = await collect(ctx.store().readStream(stream, { direction: 'backwards', maxCount: 3 }));
      expect(fromEnd.map((event) => event.revision)).toEqual([5n, 4n, 3n]);
      const fromTwo = await collect(
        ctx.store().readStream(stream, { direction: 'backwards', fromRevision: 2n }),
      );
      expect(fromTwo.map((event) => event.revision)).toEqual([2n, 1n, 0n]);
    });

    it('answers nothing when reading past the end of a stream', async () => {
      const stream = uniqueStream('read');
      await ctx.store().appendToStream(stream, someEvents(2));
      expect(await collect(ctx.store().readStream(stream, { fromRevision: 7n }))).toEqual([]);
    });

    it('throws StreamNotFound for a stream that was never written', async () => {
      const stream = uniqueStream('missing');
      const error = await rejectionOf(collect(ctx.store().readStream(stream)));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ stream });
    });

    it('reads $all forwards in position order, across streams', async () => {
      const prefix = uniqueStream('all');
      const a = await ctx.store().appendToStream(`${prefix}-a`, someEvents(2));
      const b = await ctx.store().appendToStream(`${prefix}-b`, someEvents(1));
      await ctx.store().appendToStream(`${prefix}-a`, someEvents(1));
      const events = await readOwnAll(ctx.store(), prefix);
      expect(events.map((event) => `${event.stream.slice(-1)}${event.revision}`)).toEqual([
        'a0',
        'a1',
        'b0',
        'a2',
      ]);
      expect(events[1]!.position).toBe(a.position);
      expect(events[2]!.position).toBe(b.position);
    });

    it('reads $all forwards from an inclusive position', async () => {
      const prefix = uniqueStream('all');
      await ctx.store().appendToStream(`${prefix}-a`, someEvents(3));
      const middle = (await readOwnAll(ctx.store(), prefix))[1]!;
      const events = await readOwnAll(ctx.store(), prefix, { fromPosition: middle.position });
      expect(events.map((event) => event.revision)).toEqual([1n, 2n]);
    });

    it('reads $all backwards from the end and from an inclusive position', async () => {
      const prefix = uniqueStream('all');
      await ctx.store().appendToStream(`${prefix}-a`, someEvents(4));
      const latest = await collect(ctx.store().readAll({ direction: 'backwards', maxCount: 2 }));
      expect(latest.map((event) => event.revision)).toEqual([3n, 2n]);
      const own = await readOwnAll(ctx.store(), prefix);
      const back = await readOwnAll(ctx.store(), prefix, {
        direction: 'backwards',
        fromPosition: own[2]!.position,
      });
      expect(back.map((event) => event.revision)).toEqual([2n, 1n, 0n]);
    });

    it('filters $all by event-type prefix', async () => {
      const prefix = uniqueStream('filter');
      const tag = prefix.slice(-8);
      await ctx
        .store()
        .appendToStream(`${prefix}-a`, [anEvent(`Gp${tag}Assigned`), anEvent(`Patient${tag}`)]);
      await ctx.store().appendToStream(`${prefix}-b`, [anEvent(`Gp${tag}Removed`)]);
      const events = await collect(ctx.store().readAll({ filter: { eventTypePrefix: [`Gp${tag}`] } }));
      expect(events.map((event) => event.type)).toEqual([`Gp${tag}Assigned`, `Gp${tag}Removed`]);
    });

    it('filters $all by several stream-name prefixes', async () => {
      const prefix = uniqueStream('filter');
      await ctx.store().appendToStream(`${prefix}-x-1`, [anEvent()]);
      await ctx.store().appendToStream(`${prefix}-y-1`, [anEvent()]);
      await ctx.store().appendToStream(`${prefix}-z-1`, [anEvent()]);
      const filter = { streamNamePrefix: [`${prefix}-x`, `${prefix}-z`] };
      const events = await collect(ctx.store().readAll({ filter }));
      expect(events.map((event) => event.stream)).toEqual([`${prefix}-x-1`, `${prefix}-z-1`]);
    });

    it('matches a regex anywhere in the name (unanchored) and lets it win over prefixes', async () => {
      const prefix = uniqueStream('regex');
      const tag = prefix.slice(-8);
      await ctx
        .store()
        .appendToStream(`${prefix}-a`, [anEvent(`ListCeilingChanged${tag}`), anEvent(`ListReduced${tag}`)]);
      await ctx.store().appendToStream(`${prefix}-b`, [anEvent(`CeilingNoted${tag}`)]);
      const byRegex = await collect(
        ctx
          .store()
          .readAll({ filter: { eventTypeRegex: `Ceiling.*${tag}`, eventTypePrefix: ['ListReduced'] } }),
      );
      expect(byRegex.map((event) => event.type)).toEqual([`ListCeilingChanged${tag}`, `CeilingNoted${tag}`]);
      const byStreamRegex = await collect(ctx.store().readAll({ filter: { streamNameRegex: `${tag}-b$` } }));
      expect(byStreamRegex.map((event) => event.type)).toEqual([`CeilingNoted${tag}`]);
    });

    it('counts only matching events towards maxCount on a filtered read', async () => {
      const prefix = uniqueStream('filter');
      const tag = prefix.slice(-8);
      for (let i = 0; i < 5; i++) {
        await ctx
          .store()
          .appendToStream(`${prefix}-a`, [anEvent(`Noise${tag}`), anEvent(`Signal${tag}`, { i })]);
      }
      const events = await collect(
        ctx.store().readAll({ maxCount: 3, filter: { eventTypePrefix: [`Signal${tag}`] } }),
      );
      expect(events.map((event) => (event.data as { i: number }).i)).toEqual([0, 1, 2]);
    });
  });
}
