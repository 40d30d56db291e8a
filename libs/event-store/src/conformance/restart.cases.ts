import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import {
  anEvent,
  collect,
  readStreamIds,
  rejectionOf,
  type SuiteContext,
  someEvents,
  uniqueStream,
} from './harness';

/** Only when the harness can reopen its store (a restart of the same data). */
export function restartCases(ctx: SuiteContext): void {
  describe('restart', () => {
    it('keeps every committed event and continues positions and revisions after a reopen', async () => {
      const stream = uniqueStream('restart');
      const events = someEvents(5);
      const written = await ctx.store().appendToStream(stream, events);
      await ctx.reopen();
      expect(await readStreamIds(ctx.store(), stream)).toEqual(events.map((event) => event.id));
      expect(await ctx.store().headPosition()).toBe(written.position);
      const next = await ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 4n });
      expect(next.nextExpectedRevision).toBe(5n);
      expect(next.position > written.position).toBe(true);
    });

    it('keeps idempotency, soft deletes and tombstones after a reopen', async () => {
      const kept = uniqueStream('restart');
      const deleted = uniqueStream('restart');
      const tombstoned = uniqueStream('restart');
      const events = someEvents(2);
      const first = await ctx.store().appendToStream(kept, events);
      await ctx.store().appendToStream(deleted, someEvents(1));
      await ctx.store().deleteStream(deleted);
      await ctx.store().appendToStream(tombstoned, someEvents(1));
      await ctx.store().tombstoneStream(tombstoned);
      await ctx.reopen();
      expect(await ctx.store().appendToStream(kept, events)).toEqual(first);
      expect(await rejectionOf(ctx.store().appendToStream(kept, [events[0]!, anEvent()]))).toBeInstanceOf(
        WrongExpectedVersionError,
      );
      expect(await rejectionOf(collect(ctx.store().readStream(deleted)))).toBeInstanceOf(StreamNotFoundError);
      expect(await rejectionOf(collect(ctx.store().readStream(tombstoned)))).toBeInstanceOf(
        StreamDeletedError,
      );
      const undeleted = await ctx.store().appendToStream(deleted, [anEvent()]);
      expect(undeleted.nextExpectedRevision).toBe(1n);
    });
  });
}
