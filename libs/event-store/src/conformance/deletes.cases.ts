import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import type { ExpectedRevision } from '../port';
import {
  anEvent,
  collect,
  readSubscription,
  rejectionOf,
  type SuiteContext,
  someEvents,
  uniqueStream,
} from './harness';

export function deleteCases(ctx: SuiteContext): void {
  describe('soft delete', () => {
    it('hides a soft-deleted stream: reads throw StreamNotFound', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(2));
      await ctx.store().deleteStream(stream, { expectedRevision: 1n });
      const error = await rejectionOf(collect(ctx.store().readStream(stream)));
      expect(error).toBeInstanceOf(StreamNotFoundError);
    });

    for (const expected of ['any', 'no_stream'] as const) {
      it(`undeletes on an append with ${expected}: revisions continue and old events stay hidden`, async () => {
        const stream = uniqueStream('undelete');
        await ctx.store().appendToStream(stream, someEvents(3));
        await ctx.store().deleteStream(stream);
        const result = await ctx
          .store()
          .appendToStream(stream, [anEvent('Again')], { expectedRevision: expected });
        expect(result.nextExpectedRevision).toBe(3n);
        const events = await collect(ctx.store().readStream(stream));
        expect(events.map((event) => [event.revision, event.type])).toEqual([[3n, 'Again']]);
      });
    }

    it('refuses stream_exists on a soft-deleted stream with StreamDeleted', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(1));
      await ctx.store().deleteStream(stream);
      const error = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(StreamDeletedError);
    });

    it('refuses a soft delete with a wrong expected revision and keeps the stream', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(2));
      const error = await rejectionOf(ctx.store().deleteStream(stream, { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(2);
    });

    it('refuses to soft-delete a stream that was never written, with any or no_stream', async () => {
      for (const expectedRevision of ['any', 'no_stream'] as const) {
        const error = await rejectionOf(
          ctx.store().deleteStream(uniqueStream('delete'), { expectedRevision }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ actual: 'no_stream' });
      }
    });

    it('soft-deletes an existing stream with stream_exists', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(2));
      await ctx.store().deleteStream(stream, { expectedRevision: 'stream_exists' });
      expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
    });

    it('refuses stream_exists on a never-written stream: WrongExpectedVersion, actual no_stream', async () => {
      const missing = uniqueStream('delete');
      const error = await rejectionOf(
        ctx.store().deleteStream(missing, { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream: missing, expected: 'stream_exists', actual: 'no_stream' });
    });

    it('refuses no_stream on a stream that has events, naming its revision, and keeps the stream', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(2));
      const error = await rejectionOf(ctx.store().deleteStream(stream, { expectedRevision: 'no_stream' }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream, expected: 'no_stream', actual: 1n });
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(2);
    });

    it('accepts a second soft delete with any', async () => {
      const stream = uniqueStream('delete');
      await ctx.store().appendToStream(stream, someEvents(1));
      await ctx.store().deleteStream(stream);
      await ctx.store().deleteStream(stream, { expectedRevision: 'any' });
      expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
    });
  });

  describe('tombstone', () => {
    it('makes a stream deleted forever: reads, appends, deletes and subscriptions throw StreamDeleted', async () => {
      const stream = uniqueStream('tombstone');
      await ctx.store().appendToStream(stream, someEvents(2));
      await ctx.store().tombstoneStream(stream, { expectedRevision: 1n });
      expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamDeletedError);
      const expectations: ExpectedRevision[] = ['any', 'no_stream', 'stream_exists', 1n, 2n];
      for (const expectedRevision of expectations) {
        const error = await rejectionOf(
          ctx.store().appendToStream(stream, [anEvent()], { expectedRevision }),
        );
        expect(error).toBeInstanceOf(StreamDeletedError);
      }
      expect(await rejectionOf(ctx.store().deleteStream(stream))).toBeInstanceOf(StreamDeletedError);
      expect(await rejectionOf(ctx.store().tombstoneStream(stream))).toBeInstanceOf(StreamDeletedError);
      const subscription = ctx.store().subscribeToStream(stream);
      expect(await rejectionOf(readSubscription(subscription, () => true))).toBeInstanceOf(
        StreamDeletedError,
      );
    });

    it('tombstones a soft-deleted stream', async () => {
      const stream = uniqueStream('tombstone');
      await ctx.store().appendToStream(stream, someEvents(1));
      await ctx.store().deleteStream(stream);
      await ctx.store().tombstoneStream(stream);
      expect(await rejectionOf(ctx.store().appendToStream(stream, [anEvent()]))).toBeInstanceOf(
        StreamDeletedError,
      );
    });

    it('tombstones an existing stream with stream_exists; refuses stream_exists on a never-written one', async () => {
      const stream = uniqueStream('tombstone');
      await ctx.store().appendToStream(stream, someEvents(1));
      await ctx.store().tombstoneStream(stream, { expectedRevision: 'stream_exists' });
      expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamDeletedError);
      const missing = uniqueStream('tombstone');
      const error = await rejectionOf(
        ctx.store().tombstoneStream(missing, { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ actual: 'no_stream' });
    });

    it('tombstones a never-written stream with no_stream, reserving the name; refuses no_stream on a written one', async () => {
      const missing = uniqueStream('tombstone');
      await ctx.store().tombstoneStream(missing, { expectedRevision: 'no_stream' });
      expect(await rejectionOf(ctx.store().appendToStream(missing, [anEvent()]))).toBeInstanceOf(
        StreamDeletedError,
      );
      const written = uniqueStream('tombstone');
      await ctx.store().appendToStream(written, someEvents(1));
      const error = await rejectionOf(
        ctx.store().tombstoneStream(written, { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ actual: 0n });
      expect(await collect(ctx.store().readStream(written))).toHaveLength(1);
    });

    it('refuses a tombstone with a wrong expected revision and keeps the stream', async () => {
      const stream = uniqueStream('tombstone');
      await ctx.store().appendToStream(stream, someEvents(1));
      const error = await rejectionOf(ctx.store().tombstoneStream(stream, { expectedRevision: 3n }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(1);
    });
  });
}
